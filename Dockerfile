# Front-end packages from npm, then the Python app that serves them.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN DJANGO_SETTINGS_MODULE=config.settings.local python manage.py compilemessages -v0 --ignore=node_modules \
    && DJANGO_SETTINGS_MODULE=config.settings.local python manage.py collectstatic --noinput -v0
RUN useradd --create-home pqrdesk && mkdir -p /app/media && chown pqrdesk /app/media
USER pqrdesk
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
