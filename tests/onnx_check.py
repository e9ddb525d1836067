"""onnx_check.py - an exported ONNX model as ONNX's own tools see it (Debian's python3-onnx).

usage: python3 onnx_check.py MODEL.onnx MODEL.json

Checks, against the scratchnet model file it was exported from: ONNX's checker with shape
inference (onnx.checker.check_model, full_check=True); an opset of the default domain from 13
to 17 (what ONNX 1.12 checks); one input "pixels" (N, C, H, W) and one output "probabilities"
(N, classes), both float; the labels, preprocessing and refusal rule in metadata_props.
Prints one line per problem and exits 1, or prints what it checked and exits 0.
"""
import json
import struct
import sys

import onnx

OPSET_MIN, OPSET_MAX = 13, 17


def float32(x):
    """x rounded to the nearest float32, as scratchnet keeps it."""
    return struct.unpack("<f", struct.pack("<f", float(x)))[0]


def dims(value_info):
    """The dimensions of a graph input or output: numbers, or names for symbolic ones."""
    shape = value_info.type.tensor_type.shape
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?")
            for d in shape.dim]


def main():
    if len(sys.argv) != 3:
        print("usage: onnx_check.py MODEL.onnx MODEL.json")
        return 2
    path, json_path = sys.argv[1], sys.argv[2]
    with open(json_path, encoding="utf-8") as f:
        spec = json.load(f)
    problems = []
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # the checker's own classes differ between ONNX versions
        problems.append(f"onnx.checker.check_model: {type(e).__name__}: {e}")

    opsets = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    if len(opsets) != 1 or not OPSET_MIN <= opsets[0] <= OPSET_MAX:
        problems.append(f"default-domain opset {opsets}, expected one from {OPSET_MIN} to "
                        f"{OPSET_MAX}")

    g = model.graph
    fed = [i for i in g.input if i.name not in {t.name for t in g.initializer}]
    inp = spec["input"]
    want_in = [inp["channels"], inp["height"], inp["width"]]
    classes = len(spec["labels"])
    if [i.name for i in fed] != ["pixels"]:
        problems.append(f"graph inputs {[i.name for i in fed]}, expected ['pixels']")
    elif fed[0].type.tensor_type.elem_type != onnx.TensorProto.FLOAT or \
            dims(fed[0])[1:] != want_in or len(dims(fed[0])) != 4:
        problems.append(f"input 'pixels' of shape {dims(fed[0])}, expected float "
                        f"[N, {', '.join(map(str, want_in))}]")
    if [o.name for o in g.output] != ["probabilities"]:
        problems.append(f"graph outputs {[o.name for o in g.output]}, expected "
                        "['probabilities']")
    elif g.output[0].type.tensor_type.elem_type != onnx.TensorProto.FLOAT or \
            len(dims(g.output[0])) != 2 or dims(g.output[0])[1] != classes:
        problems.append(f"output 'probabilities' of shape {dims(g.output[0])}, expected float "
                        f"[N, {classes}]")

    meta = {p.key: p.value for p in model.metadata_props}
    problems += check_metadata(meta, spec)

    for p in problems:
        print(f"{path}: {p}")
    if problems:
        return 1
    print(f"ONNX {onnx.__version__} checker: valid, opset {opsets[0]}, input pixels "
          f"{dims(fed[0])}, output probabilities {dims(g.output[0])}, metadata "
          f"{', '.join(sorted(meta))}")
    return 0


def check_metadata(meta, spec):
    """The problems of the metadata against the model file (its keys as docs/model-format.md,
    "ONNX", names them): the labels as a JSON array, the preprocessing's name, the refusal rule
    as a JSON object, present exactly when the model has one."""
    problems = []

    def key(k):
        if k not in meta:
            problems.append(f"metadata_props has no {k} (keys: {sorted(meta)})")
        return meta.get(k)

    labels = key("scratchnet.labels")
    if labels is not None:
        try:
            got = json.loads(labels)
        except ValueError as e:
            got = f"not JSON ({e})"
        if got != spec["labels"]:
            problems.append(f"metadata scratchnet.labels {labels!r}, expected "
                            f"{json.dumps(spec['labels'])}")
    prep = key("scratchnet.preprocess")
    if prep is not None and prep != spec["input"]["preprocess"]:
        problems.append(f"metadata scratchnet.preprocess {prep!r}, expected "
                        f"{spec['input']['preprocess']!r}")
    if key("scratchnet.name") is not None and meta["scratchnet.name"] != spec["name"]:
        problems.append(f"metadata scratchnet.name {meta['scratchnet.name']!r}, expected "
                        f"{spec['name']!r}")
    refusal = spec.get("refusal")
    if refusal is None:
        if "scratchnet.refusal" in meta:
            problems.append(f"metadata scratchnet.refusal {meta['scratchnet.refusal']!r} for a "
                            "model without a refusal rule")
    elif key("scratchnet.refusal") is not None:
        try:
            got = json.loads(meta["scratchnet.refusal"])
        except ValueError:
            got = None
        if not isinstance(got, dict) or got.get("rule") != refusal["rule"] or \
                not isinstance(got.get("below"), (int, float)) or \
                float32(got["below"]) != float32(refusal["below"]):
            problems.append(f"metadata scratchnet.refusal {meta['scratchnet.refusal']!r}, "
                            f"expected the rule {refusal['rule']!r} below {refusal['below']}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
