#!/usr/bin/env python3
"""compare-diagnostics.py OLD NEW [SEED] -- run two kapic binaries over
random single-token mutations (a token deleted, replaced, or something
inserted before it) of specs/mlock2.kapi and the first tests/checks
fixtures, and count the mutations whose diagnostics (stderr of --check
-Wall) or exit status differ.  For changes to the scanner or the parser
that must not change what kapic says about bad input; compare-outputs.sh
covers the outputs of good input.  Exit 0 when none differ."""
import glob, os, random, re, subprocess, sys

old, new = (os.path.abspath(a) for a in sys.argv[1:3])
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
sources = [os.path.join(top, 'specs', 'mlock2.kapi')]
sources += sorted(glob.glob(os.path.join(top, 'tests', 'checks', '*.kapi')))[:8]
inserts = [';', '{', '}', '(', ')', '=', '..', 'foo', '"x"', '1', ',', '-',
           'a-', 'a--b', 'x-1', 'ab-c-', '-- ', '"\\q"', '0x', '1ulll',
           '\x80', '"\xc3"', '/*', '//', '@']
token = re.compile(r'"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|[0-9]+|'
                   r'\.\.|<<|>>|[<>=!]=|&&|\|\||[^\s]')
mutant = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'kapic-mutant.kapi')
total = differ = 0
for path in sources:
    src = open(path, encoding='utf-8', errors='surrogateescape').read()
    toks = list(token.finditer(src))
    for _ in range(250):
        m, kind, ins = random.choice(toks), random.randrange(3), random.choice(inserts)
        if kind == 0:
            text = src[:m.start()] + src[m.end():]
        elif kind == 1:
            text = src[:m.start()] + ins + ' ' + src[m.start():]
        else:
            text = src[:m.start()] + ins + src[m.end():]
        with open(mutant, 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(text)
        runs = [subprocess.run([k, '--check', '-Wall', mutant], capture_output=True,
                               cwd=os.path.dirname(path)) for k in (old, new)]
        total += 1
        if (runs[0].stderr, runs[0].returncode) != (runs[1].stderr, runs[1].returncode):
            differ += 1
            if differ <= 3:
                sys.stdout.write(runs[0].stderr.decode(errors='replace')[:300] + '---\n' +
                                 runs[1].stderr.decode(errors='replace')[:300] + '===\n')
os.unlink(mutant)
print(f'{total} mutations, {differ} differ')
sys.exit(1 if differ else 0)
