"""Parses a /metrics body with the reference parser, Python's prometheus_client, for MetricsRunTest.

Usage: parse_metrics.py text|openmetrics FILE

Reads FILE as the Prometheus text format (prometheus_client.parser) or as OpenMetrics
(prometheus_client.openmetrics.parser, which is strict: # EOF, units matching the name, counter
suffixes), and prints one line per family and per sample, tab-separated, for the Java test:
    F  name  type  unit  help
    S  sample-name  value  label=value ...
Exits 3 with the parser's message on the first line it refuses, 4 if prometheus_client is missing.
"""
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families as parse_text
    from prometheus_client.openmetrics.parser import (
        text_string_to_metric_families as parse_openmetrics,
    )
except ImportError as e:
    print("prometheus_client is missing (Debian: python3-prometheus-client): %s" % e, file=sys.stderr)
    sys.exit(4)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        body = f.read()
    parse = parse_openmetrics if kind == "openmetrics" else parse_text
    out = []
    try:
        for family in parse(body):
            out.append("\t".join(["F", family.name, family.type, family.unit or "", family.documentation]))
            for s in family.samples:
                labels = ["%s=%s" % (k, v) for k, v in sorted(s.labels.items())]
                out.append("\t".join(["S", s.name, repr(float(s.value))] + labels))
    except Exception as e:  # the parser's refusal, whatever its type
        print("%s parser refused the body: %s: %s" % (kind, type(e).__name__, e), file=sys.stderr)
        sys.exit(3)
    print("\n".join(out))


main()
