# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BACKOFFICE_VAR_DIR=/app/var

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir uv \
    && uv pip install --system --no-cache -r requirements.lock

COPY . .
RUN DJANGO_SECRET_KEY=build-only-not-secret DJANGO_DEBUG=0 python manage.py collectstatic --no-input -v 0 \
    && useradd --create-home --uid 1000 backoffice \
    && mkdir -p /app/var && chown -R backoffice /app/var

USER backoffice
EXPOSE 8000
CMD ["gunicorn", "backoffice.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
