#!/usr/bin/env python3
"""Local HTTP/1.1 test server for the et-ingest and et-enrich clients.

Usage:
    python3 tests/httpd.py --port-file FILE --log FILE
                           [--dataset NAME=FILE]... [--fault N:KIND]...
                           [--token TOKEN]

The server binds 127.0.0.1 on a kernel-chosen port, writes that port to
--port-file (atomically) once listening, and serves until SIGTERM/SIGINT,
then exits 0. Every request is appended to --log as one JSON line.

Endpoints:
    GET  /v2/datasets/NAME/items?offset=O&limit=L&format=json|jsonl|csv
         Apify-style paginated dataset items (NAME given by --dataset,
         whose FILE holds a JSON array of objects).
    POST /v1/chat/completions
         A deterministic fake of an OpenAI-compatible chat endpoint that
         scores the comments found in the user message.

--token TOKEN makes every request require "Authorization: Bearer TOKEN".
--fault N:KIND replaces normal handling of the Nth request (counted from 1
across all requests) with one of: status:CODE, status:CODE:SECS, drop,
slow:SECS, malformed, llm-wrong-id, llm-range, llm-unknown-entity,
llm-not-json, llm-missing. When one N is given twice, the last one wins.
"""
import argparse, csv, io, json, os, re, signal, socket, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

FAULT_RE = re.compile(r"(\d+):(status:\d{3}(:\d+)?|slow:\d+(\.\d+)?|drop|malformed"
                      r"|llm-(wrong-id|range|unknown-entity|not-json|missing))")
JSON_TYPE = "application/json; charset=utf-8"
# Overall sentiment by keyword; the first keyword found in the text wins.
SENTIMENT_WORDS = (("love", 0.9), ("hate", -0.8), ("yeah right", -0.6))


def cell(value):
    """One CSV field: strings as-is, None empty, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def error_body(kind, message):
    return json.dumps({"error": {"type": kind, "message": message}}).encode()


def items_body(items, fmt, all_items):
    """Serialise one page of items; returns (content type, body bytes)."""
    if fmt == "json":
        text = "[\n" + ",\n".join(json.dumps(i, ensure_ascii=False)
                                  for i in items) + "\n]\n"
        return JSON_TYPE, text.encode()
    if fmt == "jsonl":
        text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
        return "application/jsonl; charset=utf-8", text.encode()
    # CSV: the header is the union of keys over the whole dataset, so that
    # every page has the same columns.
    keys = list(dict.fromkeys(k for item in all_items for k in item))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    writer.writerows([cell(item.get(k)) for k in keys] for item in items)
    return "text/csv; charset=utf-8", out.getvalue().encode()


def score(comment):
    """The fake model's deterministic verdict for one comment."""
    text = comment["text"].lower()
    s = next((v for word, v in SENTIMENT_WORDS if word in text), 0.0)
    entities = []
    for name in comment.get("entities") or []:
        s_e = s
        if name.lower() + " is awful" in text:
            s_e = -0.7
        elif name.lower() + " is great" in text:
            s_e = 0.8
        entities.append({"name": name, "sentiment": s_e})
    emotions = {"joy": 0.7} if s > 0 else {"anger": 0.6} if s < 0 else {}
    return {"id": comment["id"], "sentiment": s, "entities": entities,
            "emotions": emotions, "sarcasm": "yeah right" in text,
            "toxicity": 0.8 if "idiot" in text else 0.0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "et-test-httpd/1"

    def log_message(self, *args):  # keep stderr quiet
        pass

    def handle_request(self):
        """Count, read, (mis)handle, log and answer one request."""
        srv = self.server
        with srv.lock:
            srv.count += 1
            n, arrived = srv.count, time.time()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        fault = srv.faults.get(n)
        auth = self.headers.get("Authorization")

        # Fault first, then the token check, then the endpoint itself.
        if fault and fault.startswith("slow:"):
            time.sleep(float(fault.split(":")[1]))
        if fault and fault.startswith("status:"):
            parts = fault.split(":")
            headers = [("Retry-After", parts[2])] if len(parts) > 2 else []
            status, ctype, payload = int(parts[1]), JSON_TYPE, b'{"error":"injected"}'
        elif srv.token is not None and auth != "Bearer " + srv.token:
            status, ctype, headers = 401, JSON_TYPE, []
            payload = error_body("unauthorized", "bad token")
        else:
            status, ctype, headers, payload = self.route(body, fault)

        drop = fault == "drop"
        srv.log({"n": n, "method": self.command, "path": self.path,
                 "auth": auth, "t": arrived, "fault": fault,
                 "status": None if drop else status, "body": body})
        try:
            self.send_response(status)
            for name, value in [("Content-Type", ctype),
                                ("Content-Length", str(len(payload)))] + headers:
                self.send_header(name, value)
            self.end_headers()
            if drop:
                # Promise the full body, deliver half, then hang up.
                self.wfile.write(payload[:len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            else:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away

    do_GET = do_POST = handle_request

    def route(self, body, fault):
        """Normal handling: returns (status, content type, headers, body)."""
        url = urlsplit(self.path)
        parts = url.path.split("/")
        if (self.command == "GET" and len(parts) == 5 and parts[:3] ==
                ["", "v2", "datasets"] and parts[4] == "items"):
            return self.items(unquote(parts[3]), parse_qs(url.query), fault)
        if self.command == "POST" and url.path == "/v1/chat/completions":
            return self.chat(body, fault)
        return 404, JSON_TYPE, [], error_body("not-found", "no such endpoint")

    def items(self, name, query, fault):
        dataset = self.server.datasets.get(name)
        if dataset is None:
            return 404, JSON_TYPE, [], error_body("not-found", "no such dataset")
        try:  # the last occurrence of a repeated parameter counts
            offset = int(query.get("offset", ["0"])[-1])
            limit = int(query["limit"][-1]) if "limit" in query else None
            fmt = query.get("format", ["json"])[-1]
            if offset < 0 or (limit or 0) < 0 or fmt not in ("json", "jsonl", "csv"):
                raise ValueError
        except ValueError:
            return 400, JSON_TYPE, [], error_body("invalid-input",
                                                  "bad offset, limit or format")
        page = dataset[offset:] if limit is None else dataset[offset:offset + limit]
        ctype, payload = items_body(page, fmt, dataset)
        if fault == "malformed":
            payload = payload[:-5] + b'{"x":'
        headers = [("X-Apify-Pagination-Offset", str(offset)),
                   ("X-Apify-Pagination-Limit", str(len(page) if limit is None else limit)),
                   ("X-Apify-Pagination-Count", str(len(page))),
                   ("X-Apify-Pagination-Total", str(len(dataset)))]
        return 200, ctype, headers, payload

    def chat(self, body, fault):
        try:  # the last user message must be a JSON text with "comments"
            user = [m for m in body["messages"] if m.get("role") == "user"][-1]
            comments = json.loads(user["content"])["comments"]
            results = [score(c) for c in comments]
        except (TypeError, KeyError, IndexError, ValueError, AttributeError):
            return 400, JSON_TYPE, [], error_body("invalid_request_error",
                                                  "no comments in the user message")
        if fault == "malformed":
            return 200, JSON_TYPE, [], b'{"choices":['
        if results:  # faults below concern the first comment (request order)
            first = results[0]
            if fault == "llm-wrong-id":
                first["id"] = "not-" + str(first["id"])
            elif fault == "llm-range":
                first["sentiment"] = 3.5
            elif fault == "llm-unknown-entity":
                first["entities"].append({"name": "Nobody Known", "sentiment": 0.2})
            elif fault == "llm-missing":
                results.pop(0)
        # Reversed, so a client matching results by position gets it wrong.
        content = json.dumps({"results": results[::-1]}, ensure_ascii=False)
        if fault == "llm-not-json":
            content = "Sure! Here are the scores: {"
        reply = {"id": "chatcmpl-test", "object": "chat.completion",
                 "model": body.get("model"),
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": content}}]}
        return 200, JSON_TYPE, [], json.dumps(reply, ensure_ascii=False).encode()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def log(self, record):
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.lock:
            self.log_file.write(line)
            self.log_file.flush()


def parse_fault(spec):
    m = FAULT_RE.fullmatch(spec)
    if not m or int(m.group(1)) < 1:
        raise argparse.ArgumentTypeError("bad fault spec: " + spec)
    return int(m.group(1)), m.group(2)


def parse_dataset(spec):
    name, sep, path = spec.partition("=")
    if not (sep and name and path):
        raise argparse.ArgumentTypeError("expected NAME=FILE: " + spec)
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    if not isinstance(items, list):
        raise argparse.ArgumentTypeError(path + ": not a JSON array")
    return name, items


def main():
    ap = argparse.ArgumentParser(description="et test HTTP server")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--dataset", action="append", default=[], type=parse_dataset)
    ap.add_argument("--fault", action="append", default=[], type=parse_fault)
    ap.add_argument("--token")
    args = ap.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    server.lock = threading.Lock()
    server.count = 0
    server.datasets = dict(args.dataset)
    server.faults = dict(args.fault)  # later entries for the same N win
    server.token = args.token
    server.log_file = open(args.log, "a", encoding="utf-8")

    def stop(signum, frame):
        raise KeyboardInterrupt
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)

    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
