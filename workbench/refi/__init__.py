"""REFI-QDA exchange: projects as .qdpx (``project.qde`` plus ``sources/``) and codebooks as
.qdc, written to and read from the standard in ``shared/spec/refi-qda`` (schemas shipped in
``resources/refi``). Shared names and our conventions within the standard are in
:mod:`workbench.refi.names`."""
