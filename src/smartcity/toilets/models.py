"""Records of the smart public toilets module."""
