# Independent oracle for lesion-consensus.test.ts: rasterises LIDC-IDRI-0001 069.xml with skimage.draw
# (polygon fill on pixel centres + line boundary), slices placed by SOPInstanceUID via pydicom,
# consensus = voxels in >= 50 % of the contoured marks, or with --sessions voxels inside the
# contours of at least half of the file's reading sessions (the lesion consensus: 2 of 4).
# Prints JSON. Run with /usr/bin/python3.
import sys, json, os, glob
import xml.etree.ElementTree as ET
import numpy as np, pydicom
from skimage.draw import polygon, line
xml_path, series_dir = sys.argv[1], sys.argv[2]
by_sessions = '--sessions' in sys.argv[3:]
sl = []
for f in glob.glob(os.path.join(series_dir, '*.dcm')):
    d = pydicom.dcmread(f, stop_before_pixels=True)
    sl.append((float(d.ImagePositionPatient[2]), d.SOPInstanceUID, [float(v) for v in d.ImagePositionPatient], [float(v) for v in d.PixelSpacing]))
sl.sort()
sop2k = {s[1]: k for k, s in enumerate(sl)}
origin = np.array(sl[0][2]); ps = sl[0][3]; dz = sl[1][0] - sl[0][0]
spacing = np.array([ps[1], ps[0], dz])
ns = {'n': 'http://www.nih.gov'}
root = ET.parse(xml_path).getroot()
masks = []
for s in root.findall('n:readingSession', ns):
    for nod in s.findall('n:unblindedReadNodule', ns):
        rois = nod.findall('n:roi', ns)
        pts_all = [[(int(e.find('n:xCoord', ns).text), int(e.find('n:yCoord', ns).text)) for e in r.findall('n:edgeMap', ns)] for r in rois]
        if all(len(p) <= 1 for p in pts_all): continue
        m = np.zeros((512, 512, len(sl)), bool)
        for r, pts in zip(rois, pts_all):
            k = sop2k[r.find('n:imageSOP_UID', ns).text.strip()]
            xs = np.array([p[0] for p in pts]); ys = np.array([p[1] for p in pts])
            rr, cc = polygon(ys, xs, (512, 512))
            m[cc, rr, k] = True
            for i in range(len(pts)):
                a, b = pts[i], pts[(i + 1) % len(pts)]
                rr, cc = line(a[1], a[0], b[1], b[0])
                m[cc, rr, k] = True
        masks.append(m)
n_sessions = len(root.findall('n:readingSession', ns))
cnt = np.sum(masks, axis=0)
cons = cnt >= int(np.ceil(n_sessions / 2)) if by_sessions else cnt / len(masks) >= 0.5
idx = np.argwhere(cons).mean(axis=0)
world = origin + idx * spacing
vol = cons.sum() * spacing.prod()
print(json.dumps({'sessions': n_sessions, 'readers': [int(m.sum()) for m in masks], 'voxels': int(cons.sum()), 'center': world.tolist(), 'diameter': float((6 * vol / np.pi) ** (1 / 3))}))
