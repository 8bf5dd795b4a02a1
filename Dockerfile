# dontpanic in a container.
#
#   docker build -t dontpanic .                      the binary alone (default target)
#   docker run --rm -v "$PWD:/site" dontpanic check   check the site in the current folder
#   docker run --rm -v "$PWD:/site" dontpanic build   build it into ./public
#
#   docker build --target nginx -t dontpanic-nginx .
#   docker run --rm -p 8080:80 -v "$PWD:/site:ro" dontpanic-nginx
#     builds the mounted site at start with the nginx configuration `build --host nginx`
#     writes, and serves it on port 80 (here http://localhost:8080/).

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY themes themes
COPY content content
COPY dontpanic.toml ./
RUN cargo build --release --locked && strip target/release/dontpanic

FROM nginx:stable-bookworm AS nginx
COPY --from=build /src/target/release/dontpanic /usr/local/bin/dontpanic
COPY docker/nginx-entrypoint.sh /docker-entrypoint.d/40-dontpanic.sh
RUN chmod +x /docker-entrypoint.d/40-dontpanic.sh && rm -f /etc/nginx/conf.d/default.conf
VOLUME /site
EXPOSE 80

FROM debian:bookworm-slim AS cli
COPY --from=build /src/target/release/dontpanic /usr/local/bin/dontpanic
WORKDIR /site
ENTRYPOINT ["dontpanic"]
CMD ["--help"]
