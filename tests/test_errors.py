"""InputError: a refusal keeps its message for the GUI to render in its language; str() is the
English line the CLI prints (issue 24)."""

import pickle

from core.errors import InputError
from core.i18n.message import Given, Name, msg
from core.i18n.render import render


def test_a_refusal_given_as_text_reads_as_before():
    error = InputError("cannot read x: no such file")
    assert isinstance(error, ValueError)
    assert str(error) == error.message == "cannot read x: no such file"
    assert render(error.message, "de") == "cannot read x: no such file"


def test_a_refusal_given_as_a_message_keeps_it_and_reads_english():
    message = msg("{field}: {value} is not allowed; it must be at least {low}",
                  field=Name("options[0].price_in_per_m"), value=Given(-0.5), low=Given(0))
    error = InputError(message)
    assert error.message is message
    assert str(error) == "options[0].price_in_per_m: -0.5 is not allowed; it must be at least 0"
    assert f"{error}".startswith("options[0].price_in_per_m: ")
    assert render(error.message, "de") == \
        "options[0].price_in_per_m: -0,5 ist nicht erlaubt; der Wert muss mindestens 0 sein"


def test_a_refusal_survives_pickling_with_its_message():
    message = msg("{field}: missing (required)", field=Name("workload"))
    copy = pickle.loads(pickle.dumps(InputError(message)))
    assert copy.message == message and str(copy) == "workload: missing (required)"
