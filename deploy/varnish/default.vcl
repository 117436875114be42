vcl 4.1;
# Convergence behind Varnish 7 (Debian 12: packages `varnish` and `varnish-modules` for xkey).
#
# - Caches only what the app marks public with s-maxage (anonymous readers' pages, feeds, the
#   price strip fragment); everything else passes straight through.
# - Requests carrying something personal (a session, flash messages, a commenter's or a
#   subscriber's cookie) pass; other cookies (analytics, the admin's csrftoken) are dropped
#   from cacheable requests so they do not split the cache.
# - `PURGE` with an `xkey: key1 key2` header, from the app servers only, removes every object
#   tagged with one of the keys (the app sends it through its task worker: config/purge.py).
# - The price strip is an ESI include (`/esi/ticker/`) with its own short lifetime.
# - Grace: with the app down, stale pages are served for up to six hours.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
    }
}

# The app servers (and the task workers) that may purge: list their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "xkey header required"));
        }
        set req.http.n-purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged"));
    }

    if (!req.http.X-Request-ID) {
        set req.http.X-Request-ID = "varnish-" + req.xid;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|search|healthz)") {
        return (pass);
    }
    # Personal cookies: the same names the app's page cache bypasses (config/pagecache.py).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|comments_[^=]*|newsletter_[^=]*)=") {
        return (pass);
    }
    unset req.http.Cookie;
    unset req.http.Authorization;
    # The app answers with an ESI include for the price strip when told Varnish will process it.
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    # Health decides how stale a page may be: ten seconds while the app answers, hours if not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    # Static files carry hashed names and a year's lifetime from WhiteNoise: keep them a day.
    if (bereq.url ~ "^/static/" && beresp.status == 200 && beresp.http.Cache-Control ~ "public") {
        set beresp.ttl = 1d;
        return (deliver);
    }
    # Only responses the app marks shareable are kept. For the rest Varnish remembers for two
    # minutes not to queue readers behind one fetch ("hit-for-miss"); a shareable answer from
    # the app replaces that at once.
    if (bereq.uncacheable || beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Varnish-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # Keys are for purging, not for readers.
    unset resp.http.xkey;
    # Browsers revalidate (max-age=0) while Varnish keeps the page for s-maxage.
    set resp.http.X-Request-ID = req.http.X-Request-ID;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.X-Purged = req.http.n-purged;
    }
}
