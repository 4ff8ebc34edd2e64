#!/usr/bin/env python3
"""Times redaction end to end on a release server: a photo black-out (decode the stored 2048 px
JPEG, paint the regions, re-encode it and its thumbnail, commit with the history entry) and a
text redaction, as the coordinator sends them, each the median of RUNS requests.

    cargo build --release -p server
    python3 bench/redaction.py [sqlite|postgres]      (RUNS=9 by default)

PostgreSQL uses a fresh database on PG_ADMIN_URL's server (postgres://postgres@127.0.0.1:5432).
Standard library only; the server's own `create-coordinator`, the coordinator enrols TOTP like an
authenticator app would.
"""
import base64, hashlib, hmac, http.cookiejar, json, os, shutil, socket, statistics, struct
import subprocess, sys, tempfile, time, urllib.request, uuid, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "target/release/server")
RUNS = int(os.environ.get("RUNS", "9"))
PASSWORD = "Koordinator-Natuna-2026"


def png(w, h):
    """A photo-sized PNG with a gradient (decodes to w×h RGB)."""
    xs = bytes(x * 255 // w for x in range(w))
    rows = bytearray()
    for y in range(h):
        row = bytearray(w * 3)
        row[0::3] = xs
        row[1::3] = bytes([y * 255 // h]) * w
        row[2::3] = b"\x80" * w
        rows += b"\0" + row
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


def totp(secret_b32, step):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    d = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = d[-1] & 15
    return "%06d" % ((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def call(self, method, path, body=None, ctype="application/json", headers=None):
        data = json.dumps(body).encode() if ctype == "application/json" and body is not None else body
        h = {"Content-Type": ctype, **(headers or {})}
        if self.csrf:
            h["X-CSRF-Token"] = self.csrf
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with self.opener.open(req) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")


def main():
    store = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    work = tempfile.mkdtemp(prefix="lapor-bench-redact-")
    env = {"PATH": os.environ["PATH"], "DATA_DIR": work}
    db = None
    if store == "postgres":
        admin = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        db = "bench_redact_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {db}"], check=True)
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + db
    port = free_port()
    subprocess.run([SERVER, "create-coordinator", "--username", "koordinator", "--email", "k@natunakab.go.id"],
                   env={**env, "LAPOR_PASSWORD": PASSWORD}, check=True, capture_output=True)
    srv = subprocess.Popen([SERVER], env={**env, "PORT": str(port), "HOST": "127.0.0.1"},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        k = Client(base)
        s, me = k.call("POST", "/api/v1/petugas/login", {"username": "koordinator", "password": PASSWORD})
        k.csrf = me["csrf_token"]
        s, setup = k.call("POST", "/api/v1/petugas/totp/setup", {})
        step = int(time.time()) // 30
        s, _ = k.call("POST", "/api/v1/petugas/totp/confirm", {"code": totp(setup["secret"], step)})
        assert s == 200, s
        k = Client(base)
        while int(time.time()) // 30 == step:
            time.sleep(0.5)
        s, me = k.call("POST", "/api/v1/petugas/login", {"username": "koordinator", "password": PASSWORD,
                                                         "otp": totp(setup["secret"], int(time.time()) // 30)})
        assert s == 200, (s, me)
        k.csrf = me["csrf_token"]

        report = {"type": "pengaduan", "category": "jalan-rusak", "answers": {"status_jalan": "kabupaten"},
                  "title": "Jalan rusak depan rumah Zulkarnain", "privacy": "publik",
                  "body": "Lubang besar depan rumah Zulkarnain, motor sering jatuh saat hujan. " * 20,
                  "location": {"desa": "21.03.07.2004"}, "reporter": {"name": "Siti"}}
        boundary = uuid.uuid4().hex
        photo = png(3000, 2250)
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                f"{json.dumps(report)}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"f.png\"\r\n"
                f"Content-Type: image/png\r\n\r\n").encode() + photo + f"\r\n--{boundary}--\r\n".encode()
        s, receipt = Client(base).call("POST", "/api/v1/reports", body, f"multipart/form-data; boundary={boundary}",
                                       {"Idempotency-Key": uuid.uuid4().hex})
        assert s == 201, (s, receipt)
        code = receipt["tracking_code"]
        s, d = k.call("GET", f"/api/v1/petugas/reports/{code}")
        photo_id = next(p["id"] for p in d["redactable"] if p["part"] == "photo")
        path = f"/api/v1/petugas/reports/{code}/redactions"

        def timed(body):
            t = time.perf_counter()
            s, r = k.call("POST", path, body)
            assert s == 200, (s, r)
            return (time.perf_counter() - t) * 1000

        blackout = [timed({"part": "photo", "id": photo_id, "reason": "Wajah warga tampak di foto.",
                           "regions": [{"x": 100 * i, "y": 100, "w": 2000, "h": 3000}]}) for i in range(RUNS)]
        text = []
        for _ in range(RUNS):
            text.append(timed({"part": "body", "fragments": ["Zulkarnain"], "reason": "Nama warga tidak boleh tampil."}))
            s, _ = k.call("POST", path, {"part": "body", "restore": True, "reason": "Dipulihkan untuk diukur ulang."})
            assert s == 200, s
        w = d["photos"][0]
        print(f"store={store} photo={w['width']}x{w['height']} runs={RUNS}")
        print(f"black-out (request to committed answer): median {statistics.median(blackout):.0f} ms, "
              f"min {min(blackout):.0f}, max {max(blackout):.0f}")
        print(f"text redaction of the story: median {statistics.median(text):.1f} ms, "
              f"min {min(text):.1f}, max {max(text):.1f}")
    finally:
        srv.terminate()
        srv.wait()
        shutil.rmtree(work, ignore_errors=True)
        if db:
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE {db}"], check=False)


if __name__ == "__main__":
    main()
