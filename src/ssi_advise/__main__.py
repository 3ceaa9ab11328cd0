"""`python -m ssi_advise`: the same as the `ssi-advise` command."""

from ssi_advise.cli.main import run

if __name__ == "__main__":
    run()
