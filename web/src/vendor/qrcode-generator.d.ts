// Types of the ES module build of qrcode-generator that web/build.mjs copies to web/dist/vendor/.
import qrcode from 'qrcode-generator';
export default qrcode;
