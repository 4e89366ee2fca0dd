// Key presses on the player page mapped to player actions.
import { describe, expect, it } from 'vitest';
import { seekTarget, shortcutFor, type KeyPress } from './keyboard-shortcuts';

const press = (key: string, target: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'body',
  targetRole: null,
  targetEditable: false,
  ...target,
});

describe('shortcutFor', () => {
  it('maps space/k, arrows, f and m', () => {
    expect([' ', 'k', 'K', 'ArrowLeft', 'ArrowRight', 'f', 'm'].map((key) => shortcutFor(press(key)))).toEqual([
      'toggle-play',
      'toggle-play',
      'toggle-play',
      'seek-back',
      'seek-forward',
      'toggle-fullscreen',
      'toggle-mute',
    ]);
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('leaves typing, browser shortcuts and keys a focused control handles alone', () => {
    expect(shortcutFor(press('k', { targetTag: 'input', targetEditable: true }))).toBeNull();
    expect(shortcutFor(press('f', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press(' ', { targetTag: 'button' }))).toBeNull();
    expect(shortcutFor(press(' ', { targetTag: 'div', targetRole: 'menuitemradio' }))).toBeNull();
    expect(shortcutFor(press('ArrowLeft', { targetTag: 'div', targetRole: 'slider' }))).toBeNull();
    expect(shortcutFor(press('k', { targetTag: 'button' }))).toBe('toggle-play');
    expect(shortcutFor(press(' ', { targetTag: 'video' }))).toBe('toggle-play');
  });
});

describe('seekTarget', () => {
  it('keeps seeks inside the video', () => {
    expect(seekTarget(3, -5, 100)).toBe(0);
    expect(seekTarget(98, 5, 100)).toBe(100);
    expect(seekTarget(50, 5, Number.NaN)).toBe(55);
  });
});
