"""Import of Word (.docx), text (.txt) and LawRefBook (.md) documents as regulation files (SPEC §9).

``sources`` reads each format into the same list of paragraphs, ``infer`` finds the title, 文号, 落款, dates and
the body's structure in them, ``ids`` proposes a file name, and ``writer`` renders, validates and writes the file
with a report in Chinese. Nothing here knows about MkDocs; ``zhidu.cli.main`` is the only adapter.
"""
