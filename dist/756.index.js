export const id = 756;
export const ids = [756];
export const modules = {

/***/ 5756:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readReports: () => (/* binding */ readReports)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * The JSON reports a glob names, relative to the workspace, in a stable order. A file that is not
 * JSON is kept with its parse error as content, so aggregation names it in a clear error.
 */
async function readReports(pattern, cwd) {
    const paths = [];
    // Globs use forward slashes on every OS.
    for await (const file of (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.glob)(pattern.replace(/\\/g, '/'), { cwd }))
        paths.push(file);
    paths.sort();
    return Promise.all(paths.map(async (file) => {
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd, file), 'utf8');
        try {
            return { path: file, content: JSON.parse(text) };
        }
        catch (err) {
            return { path: file, content: { notJson: err.message } };
        }
    }));
}


/***/ })

};
