"""Review packs for patient and public contributors.

The lead exports a pseudonymised pack of chosen documents and codes (``pack_export``); a
reviewer opens it in Reviewer mode and gives feedback on each coded passage or code
(``pack_open``, ``ops.SaveReview``); the lead imports the returned pack (``pack_import``),
reads the feedback per coding and per code and marks it resolved (``ops.ResolveReview``).
``pseudonymise`` replaces names and moves offsets with them.
"""
