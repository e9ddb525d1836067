// ort_compare.js - an exported model run by onnxruntime (a runtime scratchnet has no part in) on
// every test image of a data set, its probabilities compared with scratchnet's own.
//
// usage: node ort_compare.js NODE_MODULES MODEL.onnx IMAGES PROBS [TOLERANCE]
//   NODE_MODULES  the folder holding onnxruntime-node (scripts/setup --test: data/onnxruntime/
//                 node_modules)
//   MODEL.onnx    the exported model: input "pixels" (N, C, H, W) of pixel values 0..255,
//                 output "probabilities" (N, classes)
//   IMAGES        an IDX file of unsigned-byte images (raw, or gzip-compressed)
//   PROBS         scratchnet's probabilities for those images, float32 (N, classes), as
//                 tests/onnx_probs.c writes them
//   TOLERANCE     the largest difference allowed in any probability (default 1e-5)
//
// Prints the images run, how many have the same top class in both, and the largest absolute
// difference of a probability; exits 1 unless every top class agrees and every difference is
// within the tolerance, 2 on bad arguments or files.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// images per run: bounds onnxruntime's memory for the convolutions; 10,000 images end in a
// shorter batch, so that the batch dimension is seen to vary
const BATCH = 512;

function fail(msg) {
    console.error(`ort_compare: ${msg}`);
    process.exit(2);
}

// The images of an IDX file of unsigned bytes with three dimensions: {n, rows, cols, pixels}.
function readImages(file) {
    let data = fs.readFileSync(file);
    if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b)
        data = zlib.gunzipSync(data);
    if (data.length < 16 || data.readUInt32BE(0) !== 0x00000803)
        fail(`${file}: not an IDX file of unsigned-byte images`);
    const n = data.readUInt32BE(4), rows = data.readUInt32BE(8), cols = data.readUInt32BE(12);
    if (data.length !== 16 + n * rows * cols)
        fail(`${file}: ${n} images of ${rows} x ${cols} need ${16 + n * rows * cols} bytes, ` +
             `the file has ${data.length}`);
    return {n, rows, cols, pixels: data.subarray(16)};
}

// The index of the largest of v[0..n) (the first of equal ones), as nn_top_class picks it.
function topClass(v, off, n) {
    let best = 0;
    for (let j = 1; j < n; j++)
        if (v[off + j] > v[off + best])
            best = j;
    return best;
}

async function main() {
    const args = process.argv.slice(2);
    if (args.length < 4 || args.length > 5)
        fail('usage: node ort_compare.js NODE_MODULES MODEL.onnx IMAGES PROBS [TOLERANCE]');
    const [modules, model, imagesFile, probsFile] = args;
    const tolerance = args.length === 5 ? Number(args[4]) : 1e-5;
    let ort;
    try {
        ort = require(path.resolve(modules, 'onnxruntime-node'));
    } catch (e) {
        fail(`cannot load onnxruntime-node from ${modules}: ${e.message}`);
    }
    const images = readImages(imagesFile);
    const raw = fs.readFileSync(probsFile);
    const expected = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    if (raw.length % 4 !== 0 || expected.length % images.n !== 0)
        fail(`${probsFile}: ${raw.length} bytes are not float32 probabilities of ` +
             `${images.n} images`);
    const classes = expected.length / images.n;

    // one thread inside an operator: the test suite runs two tests at once on two cores
    const session = await ort.InferenceSession.create(model,
        {intraOpNumThreads: 1, interOpNumThreads: 1});
    if (session.inputNames.join() !== 'pixels' || session.outputNames.join() !== 'probabilities')
        fail(`${model}: inputs [${session.inputNames}] and outputs [${session.outputNames}], ` +
             'expected [pixels] and [probabilities]');

    const side = images.rows * images.cols;
    let agree = 0, maxDiff = 0, worst = -1;
    for (let first = 0; first < images.n; first += BATCH) {
        const nb = Math.min(BATCH, images.n - first);
        const x = new Float32Array(nb * side);
        for (let i = 0; i < nb * side; i++)
            x[i] = images.pixels[first * side + i]; // the pixel values as they are, 0..255
        const feeds = {pixels: new ort.Tensor('float32', x, [nb, 1, images.rows, images.cols])};
        const out = (await session.run(feeds)).probabilities;
        if (out.dims.length !== 2 || out.dims[0] !== nb || out.dims[1] !== classes)
            fail(`${model}: output of shape [${out.dims}] for ${nb} images, expected ` +
                 `[${nb},${classes}]`);
        const got = out.data;
        for (let i = 0; i < nb; i++) {
            const row = (first + i) * classes;
            agree += topClass(got, i * classes, classes) === topClass(expected, row, classes);
            for (let j = 0; j < classes; j++) {
                const d = Math.abs(got[i * classes + j] - expected[row + j]);
                if (!(d <= maxDiff)) { // NaN counts as the worst
                    maxDiff = Number.isNaN(d) ? Infinity : d;
                    worst = first + i;
                }
            }
        }
    }
    console.log(`${path.basename(model)}: ${images.n} images, ${agree} top-class agreements, ` +
                `max abs difference ${maxDiff.toExponential(2)}` +
                (worst >= 0 ? ` (image ${worst})` : ''));
    if (agree !== images.n || !(maxDiff <= tolerance)) {
        console.log(`${path.basename(model)}: onnxruntime and scratchnet differ: ` +
                    `${images.n - agree} top classes, tolerance ${tolerance}`);
        process.exit(1);
    }
}

main().catch((e) => fail(e.message));
