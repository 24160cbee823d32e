"""Seed wording for the difficult-customer catalogue (our own words)."""

# Rows keep this Spanish wording; marking it lets the English catalogue translate the
# seeded text (DifficultyTag.__str__ and guidance_text).
from django.utils.translation import gettext_noop

TAGS = [
    (
        "enojado",
        gettext_noop("Enojado"),
        gettext_noop("Llega con hechos y con emociones a la vez; el tono suele ser alto."),
        gettext_noop(
            "Conserve la calma y no lo tome como algo personal. Nunca le diga que no tiene "
            "motivos para estar así. Comprométase solo con lo que pueda cumplir, hable de lo "
            "que sí se puede hacer y pregúntele cómo le gustaría que se resolviera."
        ),
    ),
    (
        "discutidor",
        gettext_noop("Discutidor"),
        gettext_noop("Disfruta la controversia y tiende a contradecir cada afirmación."),
        gettext_noop(
            "Baje el volumen de su voz, pida su opinión y apóyese en los puntos en los que "
            "coinciden. Tómese una pausa antes de responder."
        ),
    ),
    (
        "conversador",
        gettext_noop("Conversador"),
        gettext_noop(
            "Puede alargar mucho la atención; a veces busca compañía más que una solución."
        ),
        gettext_noop(
            "Muestre interés genuino, pero administre el tiempo según la demanda y hágale "
            "saber con amabilidad que otras personas esperan."
        ),
    ),
    (
        "quejoso_habitual",
        gettext_noop("Quejoso habitual"),
        gettext_noop("Presenta reclamos con frecuencia y pocas cosas lo dejan conforme."),
        gettext_noop(
            "No se desanime ni se ponga a la defensiva; déjelo expresarse, distinga lo que "
            "tiene fundamento de lo que no y actúe sobre lo válido."
        ),
    ),
    (
        "grosero",
        gettext_noop("Grosero u ofensivo"),
        gettext_noop("Se muestra arrogante; detrás suele haber inseguridad."),
        gettext_noop(
            "Nunca intente ponerlo en su sitio. Sea especialmente cortés y mantenga el foco "
            "en el caso."
        ),
    ),
    (
        "exigente",
        gettext_noop("Exigente"),
        gettext_noop("Interrumpe y quiere atención inmediata."),
        gettext_noop(
            "Trátelo con el mismo respeto que a cualquiera, sin ceder a exigencias "
            "indebidas; concéntrese en lo que necesita y no en sus modales."
        ),
    ),
    (
        "abusivo",
        gettext_noop("Abusivo"),
        gettext_noop("Ha usado insultos, amenazas o presiones indebidas en contactos anteriores."),
        gettext_noop(
            "Fije límites con serenidad y explique qué conductas no se aceptan. Deje "
            "constancia escrita de lo ocurrido y pida apoyo a un supervisor si persiste."
        ),
    ),
    (
        "agresivo",
        gettext_noop("Agresivo"),
        gettext_noop("Ha mostrado agresividad verbal o física en contactos anteriores."),
        gettext_noop(
            "Su seguridad va primero. Baje la tensión con frases cortas y tranquilas, no "
            "confronte y avise de inmediato a un supervisor."
        ),
    ),
    (
        "sumiso",
        gettext_noop("Sumiso"),
        gettext_noop("Acepta lo que se le dice y rara vez expresa lo que realmente necesita."),
        gettext_noop(
            "Haga preguntas abiertas, verifique que entendió y confirme al final que "
            "obtuvo lo que necesitaba."
        ),
    ),
]


def seed_tags(tag_model) -> None:
    """Create missing catalogue rows; never overwrite an administrator's wording."""
    for order, (slug, name, description, guidance) in enumerate(TAGS, start=1):
        tag_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "guidance": guidance,
                "order": order,
            },
        )
