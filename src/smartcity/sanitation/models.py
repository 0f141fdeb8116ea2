"""Records of the smart bins and waste collection module."""
