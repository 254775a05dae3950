# Production image: gunicorn + whitenoise for web, the same image for Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN PIP_CONSTRAINT=/app/constraints.txt PIP_BUILD_CONSTRAINT=/app/constraints.txt pip install "setuptools<81" wheel \
 && PIP_CONSTRAINT=/app/constraints.txt PIP_BUILD_CONSTRAINT=/app/constraints.txt pip install .
COPY . .
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py compilemessages --verbosity 0 \
 && DJANGO_ENV=production DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0
RUN useradd --system --uid 1000 occired && mkdir -p /app/media && chown occired /app/media
USER occired
EXPOSE 8000
CMD ["gunicorn", "occired.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-",
     "--logger-class", "occired.gunicorn_log.SinSondas"]
