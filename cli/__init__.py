"""The `ssi-advise` command line (click). It only parses options and calls the engine."""
