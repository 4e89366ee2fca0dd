// The quality menu in the control bar: Auto (adaptive, showing the height playing now) or one
// fixed rendition. A menu button with radio items, operable by keyboard.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type Player from 'video.js/dist/types/player';
import { AUTO_QUALITY, type QualityChoice } from '../playback/quality';
import { useControlBarSlot } from './useControlBarSlot';
import { useQuality } from './useQuality';

export function QualityMenu({ player }: { player: Player }) {
  const slot = useControlBarSlot(player, 'reelguard-quality');
  const { options, choice, playingHeight, select } = useQuality(player);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const root = buttonRef.current?.parentElement;
      if (root && event.target instanceof Node && !root.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  // One rendition leaves nothing to choose.
  if (!slot || options.length <= 2) return null;

  const autoLabel = playingHeight > 0 ? `Auto (${playingHeight}p)` : 'Auto';
  const currentLabel =
    choice === AUTO_QUALITY ? autoLabel : (options.find((option) => option.id === choice)?.label ?? 'Auto');

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }

  function choose(id: QualityChoice) {
    select(id);
    close(true);
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? []);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => items[(next + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(items.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        setOpen(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return createPortal(
    <>
      <button
        ref={buttonRef}
        type="button"
        className="reelguard-quality__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Quality: ${currentLabel}`}
        title="Quality"
        onClick={() => setOpen((value) => !value)}
        data-testid="quality-button"
      >
        {choice === AUTO_QUALITY ? 'Auto' : currentLabel}
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Quality"
          className="reelguard-quality__menu"
          onKeyDown={onMenuKeyDown}
        >
          {options.map((option) => (
            <li key={option.id} role="none">
              <button
                type="button"
                role="menuitemradio"
                aria-checked={option.id === choice}
                tabIndex={-1}
                onClick={() => choose(option.id)}
                data-testid={`quality-option-${option.id}`}
              >
                {option.id === AUTO_QUALITY ? autoLabel : option.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>,
    slot,
  );
}
