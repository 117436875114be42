vcl 4.1;
# Convergence behind Varnish 7 (Debian 12: packages `varnish` and `varnish-modules` for xkey).
#
# varnishd listens twice (deploy/systemd/varnish.service.d/convergence.conf):
#   -a :6081                     readers, through the TLS terminator
#   -a esi=127.0.0.1:6091        itself: the layer that puts pages together
#
# - Caches only what the app marks public with s-maxage (anonymous readers' pages, feeds, the
#   price strip fragment, static files); everything else passes straight through.
# - Requests carrying something personal (a session, flash messages, a commenter's or a
#   subscriber's cookie) pass; other cookies (analytics, the admin's csrftoken) are dropped
#   from cacheable requests so they do not split the cache.
# - The price strip changes with every price refresh, pages far less often. The app sends
#   Varnish each page with an ESI include where the strip goes (`/esi/ticker/`), and Varnish
#   keeps two layers:
#     * on `esi`: the page with the include, kept until the page changes, and the strip, kept
#       until prices change;
#     * for readers: the page put together, served as one object (as fast as a static file).
#       It is tagged `tickers` too, so a price refresh drops these copies and the next reader
#       of each page has it put together again from the first layer, without asking the app.
# - `PURGE` with an `xkey: key1 key2` header, from the app servers only, removes every object
#   tagged with one of the keys, in both layers (the app sends it through its task worker:
#   core/purge.py).
# - Grace: with the app down, stale pages are served for up to six hours.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        # The database alone: with Redis down the app serves uncached pages and must keep
        # its traffic (`/healthz`, which also checks the cache, is for operators).
        .url = "/readyz";
        .interval = 1s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
    }
}

# This varnishd's own `esi` listen address.
backend assembler {
    .host = "127.0.0.1";
    .port = "6091";
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
    # Preview links (/preview/<token>/) are private to whoever holds them: never stored.
    if (req.url ~ "^/(admin|search|healthz|readyz|preview/)") {
        return (pass);
    }
    # Campaign tags do not change the page: one object for the link with and without them
    # (the app ignores the same names, core/pagecache.py TRACKING_PARAMETERS).
    if (req.url ~ "[?&](utm_[^=&]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)(=|&|$)") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[^=&]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)(=[^&]*)?(&|$)", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    # Personal cookies: the same names the app's page cache bypasses (core/pagecache.py).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|comments_[^=]*|newsletter_[^=]*)=") {
        return (pass);
    }
    unset req.http.Cookie;
    unset req.http.Authorization;
    # Health decides how stale a page may be: ten seconds while the app answers, hours if not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    if (local.socket == "esi") {
        # The app answers with an ESI include for the strip when told Varnish will process it.
        set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    } elsif (req.url !~ "^/static/") {
        set req.backend_hint = assembler;
    }
    return (hash);
}

sub vcl_hash {
    # The two layers keep separate objects for the same URL.
    if (local.socket == "esi") {
        hash_data("esi");
    }
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
    if (bereq.backend == assembler && beresp.http.X-Strip-Max-Age) {
        # A page put together with the strip of the moment: dropped with the strip (`tickers`),
        # and never kept longer than the strip itself should a purge go missing. Its
        # validators are its own, so no browser is told "not modified" across a price change.
        set beresp.http.xkey = beresp.http.xkey + " tickers";
        set beresp.http.ETag = regsub(beresp.http.ETag, {""$"}, "-" + bereq.xid + {"""});
        unset beresp.http.Last-Modified;
        if (beresp.ttl > std.duration(beresp.http.X-Strip-Max-Age + "s", 0s)) {
            set beresp.ttl = std.duration(beresp.http.X-Strip-Max-Age + "s", 0s);
        }
        unset beresp.http.X-Strip-Max-Age;
        set beresp.grace = 10s;
        return (deliver);
    }
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_deliver {
    if (local.socket == "esi") {
        # To the other layer: everything it needs to tag and keep the page.
        return (deliver);
    }
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
