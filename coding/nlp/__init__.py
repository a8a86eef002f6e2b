"""Language tools on spaCy, run entirely on this computer: pipeline choice, sentences, search.

spaCy itself is imported only inside the functions that need it, so importing this package
stays cheap.
"""

from __future__ import annotations

from coding.nlp.pipeline import LoadedPipeline, load_pipeline, pipe_texts, sentence_spans

__all__ = ["LoadedPipeline", "load_pipeline", "pipe_texts", "sentence_spans"]
