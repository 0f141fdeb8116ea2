"""Records of the rainwater reservoirs module."""
