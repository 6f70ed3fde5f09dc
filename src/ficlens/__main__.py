from ficlens.cli import app

app(prog_name="ficlens")
