#!/usr/bin/env python3
"""Reads one answer of a SPARQL endpoint with rdflib, a reader independent of
the one that wrote it, and prints how many rows (results) or triples (graphs)
it holds.

usage: rdflib_read.py FORMAT FILE
  FORMAT: json, xml, csv, tsv (SPARQL results) or turtle, nt (RDF graphs)
"""
import sys

from rdflib import Graph
from rdflib.query import Result


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        if fmt in ("turtle", "nt"):
            g = Graph()
            g.parse(f, format=fmt)
            print(len(g))
        else:
            result = Result.parse(f, format=fmt)
            print(len(list(result)))


if __name__ == "__main__":
    main()
