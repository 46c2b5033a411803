// Where a textarea draws its caret, so the field-name list opens under the word being typed
// rather than at a fixed corner (where it covered the query's error and its Run button).
// Browsers offer no call for it: a hidden copy of the text, laid out in the textarea's own
// box and font, puts a marker where the caret is.

const COPIED = [
  'boxSizing',
  'width',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderStyle',
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'letterSpacing',
  'lineHeight',
  'tabSize',
  'textTransform',
  'wordSpacing',
  'textIndent',
] as const;

export interface CaretPoint {
  /** From the textarea's top-left border corner, its scroll taken off. */
  left: number;
  top: number;
  /** One line's height: what lies below the caret's line starts this far below `top`. */
  height: number;
}

export function caretPoint(area: HTMLTextAreaElement, pos: number): CaretPoint {
  const style = getComputedStyle(area);
  const mirror = document.createElement('div');
  const s = mirror.style;
  for (const k of COPIED) s[k] = style[k];
  s.position = 'absolute';
  s.visibility = 'hidden';
  s.top = '0';
  s.left = '-10000px';
  s.whiteSpace = 'pre-wrap';
  s.overflowWrap = 'break-word';
  s.overflow = 'hidden';
  mirror.textContent = area.value.slice(0, pos);
  const marker = document.createElement('span');
  // The rest of the word too, so the marker wraps where the textarea wraps it.
  marker.textContent = area.value.slice(pos) || '.';
  mirror.append(marker);
  document.body.append(mirror);
  try {
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    return {
      left: parseFloat(style.borderLeftWidth) + marker.offsetLeft - area.scrollLeft,
      top: parseFloat(style.borderTopWidth) + marker.offsetTop - area.scrollTop,
      height: lineHeight,
    };
  } finally {
    mirror.remove();
  }
}
