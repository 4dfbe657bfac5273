#!/usr/bin/env bash
# Makes the sample pt-BR voice notes (OGG/Opus, as WhatsApp sends them) from text, with espeak-ng and ffmpeg
# (Debian: apt-get install espeak-ng ffmpeg), and writes the transcripts the offline transcriber knows.
# The .ogg files are committed, so nobody needs these tools unless they add a sample.
set -euo pipefail
cd "$(dirname "$0")/.."
out=events/voice_notes
mkdir -p "$out"
declare -A notes=(
  [almoco]="Gastei quarenta e cinco reais no almoço hoje"
  [uber]="Uber vinte e três e cinquenta ontem"
  [mercado]="Paguei cento e vinte reais no mercado"
  [pergunta]="Quanto eu gastei com alimentação este mês"
)
for name in "${!notes[@]}"; do
  text=${notes[$name]}
  espeak-ng -v pt-br -s 150 -w "$out/$name.wav" "$text"
  # -bitexact and fixed metadata keep the file byte-identical across runs, so its hash is stable.
  ffmpeg -loglevel error -y -i "$out/$name.wav" -c:a libopus -b:a 24k -ar 16000 -ac 1 \
    -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$out/$name.ogg"
  rm "$out/$name.wav"
  printf '%s\n' "$text" > "$out/$name.txt"
done
python3 - <<'PY'
import hashlib, json, pathlib
out = pathlib.Path("events/voice_notes")
manifest = {hashlib.sha256(p.read_bytes()).hexdigest(): p.with_suffix(".txt").read_text(encoding="utf-8").strip()
            for p in sorted(out.glob("*.ogg"))}
pathlib.Path("layers/finassist/python/finassist/data/voice_samples.json").write_text(
    json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"{len(manifest)} sample voice notes")
PY
