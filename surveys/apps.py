from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Encuestas")

    def ready(self) -> None:
        from customers.timeline import register_timeline_provider

        from .timeline import survey_entries_for_customer, survey_entries_for_pqr

        register_timeline_provider(survey_entries_for_customer)

        from customers.erasure import register_personal_data_eraser

        from .services import survey_personal_data_erase

        register_personal_data_eraser(survey_personal_data_erase)
        # The PQR timeline registry arrives with the PQR app; until then, skip it.
        try:
            from pqr.timeline import register_pqr_timeline_provider
        except ImportError:
            return
        register_pqr_timeline_provider(survey_entries_for_pqr)
