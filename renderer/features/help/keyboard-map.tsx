import { useEffect, useState } from 'react';
import { isTyping } from '../../keyboard';
import { KEY_MAP, isHelpKey } from './model/key-map';

/** The keyboard map overlay: `?` toggles it, Esc or a click outside closes it. */
export function KeyboardMap() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isHelpKey(e) && !isTyping(e.target)) {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape') {
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <div className="keyboard-map__backdrop" onClick={() => setOpen(false)}>
      <div className="keyboard-map" data-testid="keyboard-map" role="dialog" aria-label="Keyboard map" onClick={(e) => e.stopPropagation()}>
        <header className="keyboard-map__head">
          <h2>Keyboard and mouse</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={() => setOpen(false)}>
            ×
          </button>
        </header>
        <div className="keyboard-map__groups">
          {KEY_MAP.map((g) => (
            <section key={g.title}>
              <h3>{g.title}</h3>
              <dl>
                {g.bindings.map((b) => (
                  <div key={b.action}>
                    <dt>
                      {b.keys.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </dt>
                    <dd>{b.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
