"""The codebook dock: the code tree, its filter, the code editor and the quick-code box."""
