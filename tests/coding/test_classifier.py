"""The sentence classifier: learns codes from examples, offline, the same way every time."""

from __future__ import annotations

import pytest

from coding.nlp.classifier import TrainingExample, rank, train, training_steps

WIFI = [
    "wifi signal drops",
    "router lost the network",
    "weak wifi signal again",
    "network connection down",
    "the router needs a restart",
    "no signal on the wifi",
]
MONEY = [
    "budget ran out",
    "grant money ended",
    "funding from a charity grant",
    "no money in the budget",
    "the cost of licences",
    "funding stopped in march",
]
OTHER = [
    "the ward has twenty beds",
    "visiting hours are long",
    "the canteen closes at six",
    "we start at seven",
    "patients are older people",
    "our team meets on tuesdays",
]


def _examples() -> list[TrainingExample]:
    return (
        [TrainingExample(t, frozenset({"wifi"})) for t in WIFI]
        + [TrainingExample(t, frozenset({"money"})) for t in MONEY]
        + [TrainingExample(t, frozenset()) for t in OTHER]
    )


@pytest.fixture(scope="module")
def examples() -> list[TrainingExample]:
    return _examples()


def test_a_new_sentence_gets_the_code_whose_words_it_shares(
    examples: list[TrainingExample],
) -> None:
    model = train(examples, ["wifi", "money"])
    wifi, money = model.ranked(["the wifi router dropped the signal", "the grant budget"])
    assert wifi[0][0] == "wifi"
    assert money[0][0] == "money"
    assert set(model.labels) == {"wifi", "money"}


def test_the_same_examples_and_seed_give_the_same_model(examples: list[TrainingExample]) -> None:
    texts = ["wifi budget", "the ward"]
    assert train(examples, ["wifi", "money"]).scores(texts) == train(
        examples, ["wifi", "money"]
    ).scores(texts)


def test_training_reports_each_update_and_can_be_stopped(examples: list[TrainingExample]) -> None:
    totals: list[int] = []
    steps: list[int] = []
    train(examples, ["wifi"], on_start=totals.append, on_step=lambda: steps.append(1))
    assert totals == [training_steps(len(examples))]
    assert len(steps) == totals[0]

    class StopError(Exception):
        pass

    def stop() -> None:
        raise StopError

    with pytest.raises(StopError):
        train(examples, ["wifi"], on_step=stop)


def test_texts_shorter_than_two_words_score_nothing_and_are_not_learnt_from(
    examples: list[TrainingExample],
) -> None:
    model = train([*examples, TrainingExample("wifi", frozenset({"money"}))], ["wifi", "money"])
    assert model.scores(["", "wifi"]) == [{"wifi": 0.0, "money": 0.0}] * 2
    with pytest.raises(ValueError, match="shorter"):
        train([TrainingExample("wifi", frozenset({"wifi"}))], ["wifi"])
    with pytest.raises(ValueError, match="no labels"):
        train(examples, [])


def test_rank_keeps_the_best_labels_from_the_threshold_on() -> None:
    scores = {"a": 0.2, "b": 0.9, "c": 0.5, "d": 0.5}
    assert rank(scores, threshold=0.5, top=3) == [("b", 0.9), ("c", 0.5), ("d", 0.5)]
    assert rank(scores, threshold=0.5, top=1) == [("b", 0.9)]
    assert rank(scores, threshold=0.95, top=3) == []
