"""Drives Lapor Natuna's Open311 endpoint with a real, unmodified GeoReport v2 client from PyPI
(`georeport`), in XML and in JSON, and checks real values.

    python3 georeport_client.py BASE_URL PUBLIC_ID HIDDEN_ID

BASE_URL is the server (http://127.0.0.1:PORT); PUBLIC_ID a public report of category
jalan-rusak with a photo and coordinates; HIDDEN_ID a confidential one, which must never show.
The client has no discovery call: discovery is read with requests + xmltodict (its own deps).
Exit status 0 when every check holds; an AssertionError says which did not.
"""

import sys

import requests
import xmltodict
from georeport import GeoReport

base, public_id, hidden_id = sys.argv[1], sys.argv[2], sys.argv[3]
root = f"{base}/open311/v2"


def as_list(v):
    return v if isinstance(v, list) else [v]


def truthy(v):
    return v is True or v == "true"


for fmt in ("json", "xml"):
    client = GeoReport(root, output_format=fmt)

    # Discovery (not part of the client): the endpoint names itself and its formats.
    r = requests.get(f"{root}/discovery.{fmt}")
    r.raise_for_status()
    if fmt == "json":
        endpoint = r.json()["endpoints"][0]
        formats = endpoint["formats"]
    else:
        endpoint = xmltodict.parse(r.content)["discovery"]["endpoints"]["endpoint"]
        formats = as_list(endpoint["formats"]["format"])
    assert endpoint["url"].endswith("/open311/v2"), endpoint
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2", endpoint
    assert set(formats) == {"text/xml", "application/json"}, formats

    # Services: the catalog's categories, grouped by topic.
    services = as_list(client.get_service_list())
    by_code = {s["service_code"]: s for s in services}
    assert len(services) > 20, len(services)
    jalan = by_code["jalan-rusak"]
    assert truthy(jalan["metadata"]), jalan
    assert jalan["type"] == "realtime", jalan
    assert jalan["group"], jalan
    assert jalan["service_name"], jalan

    # A service definition: the category's question, then type, desa, privacy, title.
    definition = client.get_service_definition("jalan-rusak")
    attributes = as_list(
        definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    )
    codes = [a["code"] for a in attributes]
    assert codes == ["status_jalan", "type", "desa", "privacy", "title"], codes
    status_jalan = attributes[0]
    values = as_list(
        status_jalan["values"] if fmt == "json" else status_jalan["values"]["value"]
    )
    assert "kabupaten" in [v["key"] for v in values], values
    assert truthy(status_jalan["required"]), status_jalan

    # The list, with the spec's filters.
    requests_all = as_list(client.get_service_requests())
    ids = [r["service_request_id"] for r in requests_all]
    assert public_id in ids, ids
    assert hidden_id not in ids, ids
    mine = as_list(client.get_service_requests(service_code="jalan-rusak", status="open"))
    assert [r["service_request_id"] for r in mine] == [public_id], mine
    if fmt == "json":
        # (The client reads an empty XML list as an error of its own: JSON only.)
        assert client.get_service_requests(status="closed") == [], "nothing closed yet"
        dated = client.get_service_requests(
            start_date="2020-01-01T00:00:00Z", end_date="2020-03-01T00:00:00Z"
        )
        assert dated == [], dated
    by_id = as_list(client.get_service_requests(service_request_id=f"{public_id},{hidden_id}"))
    assert [r["service_request_id"] for r in by_id] == [public_id], by_id

    # One request.
    one = client.get_service_request(public_id)
    assert one["service_request_id"] == public_id, one
    assert one["status"] == "open", one
    assert one["status_notes"] == "Diterima", one
    assert one["service_code"] == "jalan-rusak", one
    assert float(one["lat"]) == 3.94 and float(one["long"]) == 108.38, one
    assert one["requested_datetime"].endswith("+07:00"), one
    assert one["expected_datetime"].endswith("T23:59:59+07:00"), one
    assert one["agency_responsible"], one
    assert one["address_id"] == "21.03.07.2004", one
    media = requests.get(one["media_url"])
    assert media.status_code == 200 and media.headers["content-type"].startswith("image/"), one
    text = repr(requests_all) + repr(one)
    for leak in ("Siti", "0812", "siti@contoh.id"):
        assert leak not in text, leak

    # A confidential report is a 404, like an unknown id.
    try:
        client.get_service_request(hidden_id)
        raise AssertionError("a confidential report was shown")
    except requests.HTTPError as e:
        assert e.response.status_code == 404, e

    print(f"open311 client ({fmt}): ok, {len(services)} services, {len(requests_all)} requests")
