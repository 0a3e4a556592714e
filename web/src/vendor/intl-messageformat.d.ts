// Types of the ES module build of intl-messageformat that web/build.mjs copies to web/dist/vendor/.
export { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
