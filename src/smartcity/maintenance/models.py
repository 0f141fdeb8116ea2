"""Records of the maintenance work orders module."""
