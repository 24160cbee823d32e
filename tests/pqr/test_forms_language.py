from django.utils import translation

from pqr.forms import PqrCreateForm


def test_attachment_help_follows_the_active_language():
    """The form class is built once at import; its help text must still change per request."""
    with translation.override("en"):
        english = str(PqrCreateForm().fields["attachments"].help_text)
    with translation.override("es-co"):
        spanish = str(PqrCreateForm().fields["attachments"].help_text)
    assert english.startswith("Optional.")
    assert spanish.startswith("Opcional.")
