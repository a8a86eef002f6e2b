"""Read queries over a project. They return frozen read models from ``workbench.dto``."""
