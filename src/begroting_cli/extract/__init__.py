"""One extractor per block kind; each turns a segmented block into model elements."""
