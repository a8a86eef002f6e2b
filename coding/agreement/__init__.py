"""Agreement between coders: statistics, coding units and sentences, as pure functions.

``statistics`` holds percent agreement, Cohen's kappa, Krippendorff's alpha and their
interpretation labels; ``units`` turns coded intervals into unit decisions by interval
arithmetic; ``sentences`` is the rule-based sentencizer. The project side (reading codings and
unit boundaries) is ``workbench.agreement``.
"""
