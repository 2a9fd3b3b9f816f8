/** The content area's strings, added when the area loads (they are not in the console's first download). */
import { addAreaStrings } from '../../i18n/index.ts';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

addAreaStrings({ 'zh-CN': zhCN, en });
