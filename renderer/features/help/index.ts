export { KeyboardMap } from './keyboard-map';
export { KEY_MAP, isHelpKey, type KeyBinding, type KeyGroup } from './model/key-map';
