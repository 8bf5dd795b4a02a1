#!/bin/sh
# Builds the site mounted at /site into /usr/share/nginx/runbooks, with the nginx configuration
# dontpanic writes, before nginx starts. DONTPANIC_BASE_URL sets the site's address (and the path
# it is served under); the default serves it at the root.
set -eu
out=/usr/share/nginx/runbooks
dontpanic build --root /site --host nginx --base-url "${DONTPANIC_BASE_URL:-http://localhost/}" -o "$out"
cat > /etc/nginx/conf.d/dontpanic.conf <<CONF
server {
    listen 80;
    server_name _;
    include $out/dontpanic/host/nginx.conf;
}
CONF
