/* Function file named in the manifest (DesktopFormFactor/FunctionFile). The ribbon buttons only
 * open task panes, so it just tells Office it is ready (office.js comes from Microsoft's CDN:
 * opened outside Office without internet, the page simply does nothing). */
if (typeof Office !== "undefined") void Office.onReady();
