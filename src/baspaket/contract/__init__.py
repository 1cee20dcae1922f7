"""The export contract (docs/spec/exports.md): the files and columns a region delivers, what a
valid personnummer is, and the months. The lowest layer: it imports nothing of the package."""
