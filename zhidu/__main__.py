from zhidu.cli.main import run

run()
