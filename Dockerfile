# et in a container: the four programs and the bundled catalog
# (/usr/share/et/catalog.json) on Debian 12, run as the unprivileged user
# "et" in /data.
#
#   docker build -t et .
#   docker run --rm et                        # every program's --help
#   docker run --rm -v "$PWD:/data" et et-ingest comments.csv > comments.ndjson
#   docker run --rm -v "$PWD:/data" --user "$(id -u):$(id -g)" et sh -c \
#       'et-ingest comments.csv | et-enrich -c /usr/share/et/catalog.json |
#        et-agg | et-render -o brief.pdf'
#
# Files the programs write into /data belong to the user they run as: pass
# --user "$(id -u):$(id -g)" to make them yours (the default user, uid
# 10001, can only write where the directory lets it).
#
# The build stage installs ci/packages.txt with 'make deps' (the one package
# list; it also holds the test, lint and fuzz tools, so this stage is big and
# is thrown away) and builds the Debian package with 'make deb'.  The runtime
# stage installs that package with apt, which brings exactly the libraries in
# its Depends (worked out from the programs by dpkg-shlibdeps), then the
# fonts the package recommends for et-render's PDFs; no second list.
#
# .git is not in the build context (.dockerignore), so the programs report
# the Makefile's fallback version unless it is given:
#   docker build --build-arg ET_VERSION="$(git describe --tags --always --dirty)" -t et .

FROM debian:12 AS build
# make deps needs make; ci/deps.sh does the rest with apt-get (as root here).
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends make \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The package list before the sources, so that editing the code keeps the
# dependency layer.
COPY Makefile ./
COPY ci/ ci/
RUN make deps
COPY . .
ARG ET_VERSION=
RUN make deb ${ET_VERSION:+VERSION="$ET_VERSION"}

FROM debian:12-slim
LABEL org.opencontainers.image.title="et" \
	org.opencontainers.image.description="comment-intelligence filters: et-ingest, et-enrich, et-agg, et-render"
COPY --from=build /src/build/et_*.deb /tmp/
# hadolint ignore=DL3008,SC2046
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/et_*.deb \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$(dpkg-query -W -f '${Recommends}' et | tr -d ,) \
	&& rm -rf /var/lib/apt/lists/* /tmp/et_*.deb \
	&& useradd --system --uid 10001 --user-group --create-home --shell /usr/sbin/nologin et \
	&& et-ingest --version
USER et
WORKDIR /data
CMD ["sh", "-c", "for p in et-ingest et-enrich et-agg et-render; do \"$p\" --help; echo; done"]
