// A dated URL of the version now in force forwards to the regulation's page; keep the article anchor (#art-12).
if (location.hash) { location.replace("../" + location.hash); }
