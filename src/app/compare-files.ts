/**
 * Picked files as models to compare: each ONNX file with its external-data files (same base name), each
 * Keras file alone, and one tfjs model.json with the .bin shards picked beside it.
 */

/** Groups `files` into one list per model, named after its main file; throws naming what cannot be grouped. */
export function groupModelFiles<F extends { name: string }>(files: F[]): { name: string; files: F[] }[] {
  const base = (n: string) => n.replace(/\.[^.]*$/, '');
  const groups: { name: string; files: F[] }[] = [];
  const onnx = files.filter((f) => /\.onnx$/i.test(f.name));
  const keras = files.filter((f) => /\.(keras|h5|hdf5)$/i.test(f.name));
  const json = files.filter((f) => /\.json$/i.test(f.name));
  const data = files.filter((f) => /\.data$/i.test(f.name));
  const bins = files.filter((f) => /\.bin$/i.test(f.name));
  if (json.length > 1) throw new Error(`${json.length} model.json files were picked: a tfjs model needs its own shards, so compare at most one tfjs model at a time (pick ONNX or Keras files for the others)`);
  for (const f of onnx) groups.push({ name: base(f.name), files: [f, ...data.filter((d) => d.name.startsWith(base(f.name)))] });
  for (const f of keras) groups.push({ name: base(f.name), files: [f] });
  if (json.length) groups.push({ name: base(json[0].name), files: [json[0], ...bins] });
  const used = new Set(groups.flatMap((g) => g.files));
  const left = files.filter((f) => !used.has(f));
  if (left.length) throw new Error(`${left.map((f) => f.name).join(', ')}: not a model file or a companion of one picked (use .onnx with its .data, .keras, .h5, or one model.json with its .bin shards)`);
  if (!groups.length) throw new Error('no model files were picked');
  return groups;
}
