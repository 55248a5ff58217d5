/* Function file named in the manifest (DesktopFormFactor/FunctionFile). The ribbon buttons only
 * open task panes, so it just tells Office it is ready. */
Office.onReady(() => undefined);
