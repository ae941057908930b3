#!/usr/bin/env python3
"""Reads one answer of a SPARQL endpoint with rdflib, a reader independent of
the one that wrote it, and prints how many rows (results) or triples (graphs)
it holds.

usage: rdflib_read.py FORMAT FILE
  FORMAT: json, xml, csv, tsv (SPARQL results), turtle, nt (RDF graphs) or
          json-ld (an RDF dataset: the number of quads of all its graphs)
"""
import sys

from rdflib import Dataset, Graph
from rdflib.query import Result


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        if fmt == "json-ld":
            ds = Dataset()
            ds.parse(f, format=fmt)
            print(sum(1 for _ in ds.quads((None, None, None, None))))
        elif fmt in ("turtle", "nt"):
            g = Graph()
            g.parse(f, format=fmt)
            print(len(g))
        else:
            result = Result.parse(f, format=fmt)
            print(len(list(result)))


if __name__ == "__main__":
    main()
