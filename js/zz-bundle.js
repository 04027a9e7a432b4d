// js/generated/mutual-store-core.mjs
var createCoreModule = (() => {
  var _scriptDir = import.meta.url;
  return (function(createCoreModule2) {
    createCoreModule2 = createCoreModule2 || {};
    var Module = typeof createCoreModule2 != "undefined" ? createCoreModule2 : {};
    var readyPromiseResolve, readyPromiseReject;
    Module["ready"] = new Promise(function(resolve, reject) {
      readyPromiseResolve = resolve;
      readyPromiseReject = reject;
    });
    Module["getRandomValue"] = function() {
      const word = new Uint32Array(1);
      globalThis.crypto.getRandomValues(word);
      return word[0] >>> 0;
    };
    var moduleOverrides = Object.assign({}, Module);
    var arguments_ = [];
    var ENVIRONMENT_IS_WEB = true;
    var ENVIRONMENT_IS_WORKER = false;
    var scriptDirectory = "";
    function locateFile(path) {
      return scriptDirectory + path;
    }
    var read_, readAsync, readBinary, setWindowTitle;
    if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
      if (ENVIRONMENT_IS_WORKER) {
        scriptDirectory = self.location.href;
      } else if (typeof document != "undefined" && document.currentScript) {
        scriptDirectory = document.currentScript.src;
      }
      if (_scriptDir) {
        scriptDirectory = _scriptDir;
      }
      if (scriptDirectory.indexOf("blob:") !== 0) {
        scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
      } else {
        scriptDirectory = "";
      }
      {
        read_ = ((url) => {
          var xhr = new XMLHttpRequest();
          xhr.open("GET", url, false);
          xhr.send(null);
          return xhr.responseText;
        });
        if (ENVIRONMENT_IS_WORKER) {
          readBinary = ((url) => {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", url, false);
            xhr.responseType = "arraybuffer";
            xhr.send(null);
            return new Uint8Array(xhr.response);
          });
        }
        readAsync = ((url, onload, onerror) => {
          var xhr = new XMLHttpRequest();
          xhr.open("GET", url, true);
          xhr.responseType = "arraybuffer";
          xhr.onload = (() => {
            if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
              onload(xhr.response);
              return;
            }
            onerror();
          });
          xhr.onerror = onerror;
          xhr.send(null);
        });
      }
      setWindowTitle = ((title) => document.title = title);
    } else {
    }
    var out = console.log.bind(console);
    var err = console.warn.bind(console);
    Object.assign(Module, moduleOverrides);
    moduleOverrides = null;
    var wasmBinary;
    if (Module["wasmBinary"]) wasmBinary = Module["wasmBinary"];
    if (typeof WebAssembly != "object") {
      abort("no native wasm support detected");
    }
    var wasmMemory;
    var ABORT = false;
    var EXITSTATUS;
    var UTF8Decoder = new TextDecoder("utf8");
    function UTF8ToString(ptr, maxBytesToRead) {
      if (!ptr) return "";
      var maxPtr = ptr + maxBytesToRead;
      for (var end = ptr; !(end >= maxPtr) && HEAPU8[end]; ) ++end;
      return UTF8Decoder.decode(HEAPU8.subarray(ptr, end));
    }
    function stringToUTF8Array(str, heap, outIdx, maxBytesToWrite) {
      if (!(maxBytesToWrite > 0)) return 0;
      var startIdx = outIdx;
      var endIdx = outIdx + maxBytesToWrite - 1;
      for (var i = 0; i < str.length; ++i) {
        var u = str.charCodeAt(i);
        if (u >= 55296 && u <= 57343) {
          var u1 = str.charCodeAt(++i);
          u = 65536 + ((u & 1023) << 10) | u1 & 1023;
        }
        if (u <= 127) {
          if (outIdx >= endIdx) break;
          heap[outIdx++] = u;
        } else if (u <= 2047) {
          if (outIdx + 1 >= endIdx) break;
          heap[outIdx++] = 192 | u >> 6;
          heap[outIdx++] = 128 | u & 63;
        } else if (u <= 65535) {
          if (outIdx + 2 >= endIdx) break;
          heap[outIdx++] = 224 | u >> 12;
          heap[outIdx++] = 128 | u >> 6 & 63;
          heap[outIdx++] = 128 | u & 63;
        } else {
          if (outIdx + 3 >= endIdx) break;
          heap[outIdx++] = 240 | u >> 18;
          heap[outIdx++] = 128 | u >> 12 & 63;
          heap[outIdx++] = 128 | u >> 6 & 63;
          heap[outIdx++] = 128 | u & 63;
        }
      }
      heap[outIdx] = 0;
      return outIdx - startIdx;
    }
    function stringToUTF8(str, outPtr, maxBytesToWrite) {
      return stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
    }
    function lengthBytesUTF8(str) {
      var len = 0;
      for (var i = 0; i < str.length; ++i) {
        var u = str.charCodeAt(i);
        if (u >= 55296 && u <= 57343) u = 65536 + ((u & 1023) << 10) | str.charCodeAt(++i) & 1023;
        if (u <= 127) ++len;
        else if (u <= 2047) len += 2;
        else if (u <= 65535) len += 3;
        else len += 4;
      }
      return len;
    }
    var UTF16Decoder = new TextDecoder("utf-16le");
    function UTF16ToString(ptr, maxBytesToRead) {
      var endPtr = ptr;
      var idx = endPtr >> 1;
      var maxIdx = idx + maxBytesToRead / 2;
      while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
      endPtr = idx << 1;
      return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
      var str = "";
      for (var i = 0; !(i >= maxBytesToRead / 2); ++i) {
        var codeUnit = HEAP16[ptr + i * 2 >> 1];
        if (codeUnit == 0) break;
        str += String.fromCharCode(codeUnit);
      }
      return str;
    }
    function stringToUTF16(str, outPtr, maxBytesToWrite) {
      if (maxBytesToWrite === void 0) {
        maxBytesToWrite = 2147483647;
      }
      if (maxBytesToWrite < 2) return 0;
      maxBytesToWrite -= 2;
      var startPtr = outPtr;
      var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
      for (var i = 0; i < numCharsToWrite; ++i) {
        var codeUnit = str.charCodeAt(i);
        HEAP16[outPtr >> 1] = codeUnit;
        outPtr += 2;
      }
      HEAP16[outPtr >> 1] = 0;
      return outPtr - startPtr;
    }
    function lengthBytesUTF16(str) {
      return str.length * 2;
    }
    function UTF32ToString(ptr, maxBytesToRead) {
      var i = 0;
      var str = "";
      while (!(i >= maxBytesToRead / 4)) {
        var utf32 = HEAP32[ptr + i * 4 >> 2];
        if (utf32 == 0) break;
        ++i;
        if (utf32 >= 65536) {
          var ch = utf32 - 65536;
          str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
        } else {
          str += String.fromCharCode(utf32);
        }
      }
      return str;
    }
    function stringToUTF32(str, outPtr, maxBytesToWrite) {
      if (maxBytesToWrite === void 0) {
        maxBytesToWrite = 2147483647;
      }
      if (maxBytesToWrite < 4) return 0;
      var startPtr = outPtr;
      var endPtr = startPtr + maxBytesToWrite - 4;
      for (var i = 0; i < str.length; ++i) {
        var codeUnit = str.charCodeAt(i);
        if (codeUnit >= 55296 && codeUnit <= 57343) {
          var trailSurrogate = str.charCodeAt(++i);
          codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
        }
        HEAP32[outPtr >> 2] = codeUnit;
        outPtr += 4;
        if (outPtr + 4 > endPtr) break;
      }
      HEAP32[outPtr >> 2] = 0;
      return outPtr - startPtr;
    }
    function lengthBytesUTF32(str) {
      var len = 0;
      for (var i = 0; i < str.length; ++i) {
        var codeUnit = str.charCodeAt(i);
        if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
        len += 4;
      }
      return len;
    }
    var buffer, HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
    function updateGlobalBufferAndViews(buf) {
      buffer = buf;
      Module["HEAP8"] = HEAP8 = new Int8Array(buf);
      Module["HEAP16"] = HEAP16 = new Int16Array(buf);
      Module["HEAP32"] = HEAP32 = new Int32Array(buf);
      Module["HEAPU8"] = HEAPU8 = new Uint8Array(buf);
      Module["HEAPU16"] = HEAPU16 = new Uint16Array(buf);
      Module["HEAPU32"] = HEAPU32 = new Uint32Array(buf);
      Module["HEAPF32"] = HEAPF32 = new Float32Array(buf);
      Module["HEAPF64"] = HEAPF64 = new Float64Array(buf);
    }
    var wasmTable;
    var __ATPRERUN__ = [];
    var __ATINIT__ = [];
    var __ATPOSTRUN__ = [];
    var runtimeInitialized = false;
    function preRun() {
      callRuntimeCallbacks(__ATPRERUN__);
    }
    function initRuntime() {
      runtimeInitialized = true;
      callRuntimeCallbacks(__ATINIT__);
    }
    function postRun() {
      callRuntimeCallbacks(__ATPOSTRUN__);
    }
    function addOnInit(cb) {
      __ATINIT__.unshift(cb);
    }
    var runDependencies = 0;
    var runDependencyWatcher = null;
    var dependenciesFulfilled = null;
    function addRunDependency(id) {
      runDependencies++;
    }
    function removeRunDependency(id) {
      runDependencies--;
      if (runDependencies == 0) {
        if (runDependencyWatcher !== null) {
          clearInterval(runDependencyWatcher);
          runDependencyWatcher = null;
        }
        if (dependenciesFulfilled) {
          var callback = dependenciesFulfilled;
          dependenciesFulfilled = null;
          callback();
        }
      }
    }
    Module["preloadedImages"] = {};
    Module["preloadedAudios"] = {};
    function abort(what) {
      what = "Aborted(" + what + ")";
      err(what);
      ABORT = true;
      EXITSTATUS = 1;
      what += ". Build with -s ASSERTIONS=1 for more info.";
      var e = new WebAssembly.RuntimeError(what);
      readyPromiseReject(e);
      throw e;
    }
    var dataURIPrefix = "data:application/octet-stream;base64,";
    function isDataURI(filename) {
      return filename.startsWith(dataURIPrefix);
    }
    var wasmBinaryFile;
    if (Module["locateFile"]) {
      wasmBinaryFile = "mutual-store-core.wasm";
      if (!isDataURI(wasmBinaryFile)) {
        wasmBinaryFile = locateFile(wasmBinaryFile);
      }
    } else {
      wasmBinaryFile = new URL("mutual-store-core.wasm", import.meta.url).toString();
    }
    function getBinary(file) {
      try {
        if (file == wasmBinaryFile && wasmBinary) {
          return new Uint8Array(wasmBinary);
        }
        if (readBinary) {
          return readBinary(file);
        } else {
          throw "both async and sync fetching of the wasm failed";
        }
      } catch (err2) {
        abort(err2);
      }
    }
    function getBinaryPromise() {
      if (!wasmBinary && (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER)) {
        if (typeof fetch == "function") {
          return fetch(wasmBinaryFile, { credentials: "same-origin" }).then(function(response) {
            if (!response["ok"]) {
              throw "failed to load wasm binary file at '" + wasmBinaryFile + "'";
            }
            return response["arrayBuffer"]();
          }).catch(function() {
            return getBinary(wasmBinaryFile);
          });
        }
      }
      return Promise.resolve().then(function() {
        return getBinary(wasmBinaryFile);
      });
    }
    function createWasm() {
      var info = { "a": asmLibraryArg };
      function receiveInstance(instance, module) {
        var exports2 = instance.exports;
        Module["asm"] = exports2;
        wasmMemory = Module["asm"]["r"];
        updateGlobalBufferAndViews(wasmMemory.buffer);
        wasmTable = Module["asm"]["u"];
        addOnInit(Module["asm"]["s"]);
        removeRunDependency("wasm-instantiate");
      }
      addRunDependency("wasm-instantiate");
      function receiveInstantiationResult(result) {
        receiveInstance(result["instance"]);
      }
      function instantiateArrayBuffer(receiver) {
        return getBinaryPromise().then(function(binary) {
          return WebAssembly.instantiate(binary, info);
        }).then(function(instance) {
          return instance;
        }).then(receiver, function(reason) {
          err("failed to asynchronously prepare wasm: " + reason);
          abort(reason);
        });
      }
      function instantiateAsync() {
        if (!wasmBinary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(wasmBinaryFile) && typeof fetch == "function") {
          return fetch(wasmBinaryFile, { credentials: "same-origin" }).then(function(response) {
            var result = WebAssembly.instantiateStreaming(response, info);
            return result.then(receiveInstantiationResult, function(reason) {
              err("wasm streaming compile failed: " + reason);
              err("falling back to ArrayBuffer instantiation");
              return instantiateArrayBuffer(receiveInstantiationResult);
            });
          });
        } else {
          return instantiateArrayBuffer(receiveInstantiationResult);
        }
      }
      if (Module["instantiateWasm"]) {
        try {
          var exports = Module["instantiateWasm"](info, receiveInstance);
          return exports;
        } catch (e) {
          err("Module.instantiateWasm callback failed with error: " + e);
          return false;
        }
      }
      instantiateAsync().catch(readyPromiseReject);
      return {};
    }
    var ASM_CONSTS = { 74615: function() {
      return Module.getRandomValue();
    } };
    function ms_pattern_compile(source, length) {
      Module.msUtf8 = Module.msUtf8 || new TextDecoder();
      Module.msPatterns = Module.msPatterns || [];
      var text = Module.msUtf8.decode(HEAPU8.subarray(source, source + length));
      var pattern = null;
      try {
        pattern = new RegExp(text, "u");
      } catch (unicodeError) {
        try {
          pattern = new RegExp(text);
        } catch (error) {
          return -1;
        }
      }
      Module.msPatterns.push(pattern);
      return Module.msPatterns.length - 1;
    }
    function ms_pattern_search(id, text, length) {
      return Module.msPatterns[id].test(Module.msUtf8.decode(HEAPU8.subarray(text, text + length))) ? 1 : 0;
    }
    function ms_report_js_error(kind, message) {
      const text = UTF8ToString(message);
      Module.pendingError = kind === 1 ? new TypeError(text) : kind === 2 ? new RangeError(text) : new Error(text);
    }
    function callRuntimeCallbacks(callbacks) {
      while (callbacks.length > 0) {
        var callback = callbacks.shift();
        if (typeof callback == "function") {
          callback(Module);
          continue;
        }
        var func = callback.func;
        if (typeof func == "number") {
          if (callback.arg === void 0) {
            getWasmTableEntry(func)();
          } else {
            getWasmTableEntry(func)(callback.arg);
          }
        } else {
          func(callback.arg === void 0 ? null : callback.arg);
        }
      }
    }
    var wasmTableMirror = [];
    function getWasmTableEntry(funcPtr) {
      var func = wasmTableMirror[funcPtr];
      if (!func) {
        if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
        wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
      }
      return func;
    }
    function __embind_register_bigint(primitiveType, name, size, minRange, maxRange) {
    }
    function getShiftFromSize(size) {
      switch (size) {
        case 1:
          return 0;
        case 2:
          return 1;
        case 4:
          return 2;
        case 8:
          return 3;
        default:
          throw new TypeError("Unknown type size: " + size);
      }
    }
    function embind_init_charCodes() {
      var codes = new Array(256);
      for (var i = 0; i < 256; ++i) {
        codes[i] = String.fromCharCode(i);
      }
      embind_charCodes = codes;
    }
    var embind_charCodes = void 0;
    function readLatin1String(ptr) {
      var ret = "";
      var c = ptr;
      while (HEAPU8[c]) {
        ret += embind_charCodes[HEAPU8[c++]];
      }
      return ret;
    }
    var awaitingDependencies = {};
    var registeredTypes = {};
    var typeDependencies = {};
    var char_0 = 48;
    var char_9 = 57;
    function makeLegalFunctionName(name) {
      if (void 0 === name) {
        return "_unknown";
      }
      name = name.replace(/[^a-zA-Z0-9_]/g, "$");
      var f = name.charCodeAt(0);
      if (f >= char_0 && f <= char_9) {
        return "_" + name;
      } else {
        return name;
      }
    }
    function createNamedFunction(name, body) {
      name = makeLegalFunctionName(name);
      return new Function("body", "return function " + name + '() {\n    "use strict";    return body.apply(this, arguments);\n};\n')(body);
    }
    function extendError(baseErrorType, errorName) {
      var errorClass = createNamedFunction(errorName, function(message) {
        this.name = errorName;
        this.message = message;
        var stack = new Error(message).stack;
        if (stack !== void 0) {
          this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
        }
      });
      errorClass.prototype = Object.create(baseErrorType.prototype);
      errorClass.prototype.constructor = errorClass;
      errorClass.prototype.toString = function() {
        if (this.message === void 0) {
          return this.name;
        } else {
          return this.name + ": " + this.message;
        }
      };
      return errorClass;
    }
    var BindingError = void 0;
    function throwBindingError(message) {
      throw new BindingError(message);
    }
    var InternalError = void 0;
    function throwInternalError(message) {
      throw new InternalError(message);
    }
    function whenDependentTypesAreResolved(myTypes, dependentTypes, getTypeConverters) {
      myTypes.forEach(function(type) {
        typeDependencies[type] = dependentTypes;
      });
      function onComplete(typeConverters2) {
        var myTypeConverters = getTypeConverters(typeConverters2);
        if (myTypeConverters.length !== myTypes.length) {
          throwInternalError("Mismatched type converter count");
        }
        for (var i = 0; i < myTypes.length; ++i) {
          registerType(myTypes[i], myTypeConverters[i]);
        }
      }
      var typeConverters = new Array(dependentTypes.length);
      var unregisteredTypes = [];
      var registered2 = 0;
      dependentTypes.forEach(function(dt, i) {
        if (registeredTypes.hasOwnProperty(dt)) {
          typeConverters[i] = registeredTypes[dt];
        } else {
          unregisteredTypes.push(dt);
          if (!awaitingDependencies.hasOwnProperty(dt)) {
            awaitingDependencies[dt] = [];
          }
          awaitingDependencies[dt].push(function() {
            typeConverters[i] = registeredTypes[dt];
            ++registered2;
            if (registered2 === unregisteredTypes.length) {
              onComplete(typeConverters);
            }
          });
        }
      });
      if (0 === unregisteredTypes.length) {
        onComplete(typeConverters);
      }
    }
    function registerType(rawType, registeredInstance, options = {}) {
      if (!("argPackAdvance" in registeredInstance)) {
        throw new TypeError("registerType registeredInstance requires argPackAdvance");
      }
      var name = registeredInstance.name;
      if (!rawType) {
        throwBindingError('type "' + name + '" must have a positive integer typeid pointer');
      }
      if (registeredTypes.hasOwnProperty(rawType)) {
        if (options.ignoreDuplicateRegistrations) {
          return;
        } else {
          throwBindingError("Cannot register type '" + name + "' twice");
        }
      }
      registeredTypes[rawType] = registeredInstance;
      delete typeDependencies[rawType];
      if (awaitingDependencies.hasOwnProperty(rawType)) {
        var callbacks = awaitingDependencies[rawType];
        delete awaitingDependencies[rawType];
        callbacks.forEach(function(cb) {
          cb();
        });
      }
    }
    function __embind_register_bool(rawType, name, size, trueValue, falseValue) {
      var shift = getShiftFromSize(size);
      name = readLatin1String(name);
      registerType(rawType, { name, "fromWireType": function(wt) {
        return !!wt;
      }, "toWireType": function(destructors, o) {
        return o ? trueValue : falseValue;
      }, "argPackAdvance": 8, "readValueFromPointer": function(pointer) {
        var heap;
        if (size === 1) {
          heap = HEAP8;
        } else if (size === 2) {
          heap = HEAP16;
        } else if (size === 4) {
          heap = HEAP32;
        } else {
          throw new TypeError("Unknown boolean type size: " + name);
        }
        return this["fromWireType"](heap[pointer >> shift]);
      }, destructorFunction: null });
    }
    var emval_free_list = [];
    var emval_handle_array = [{}, { value: void 0 }, { value: null }, { value: true }, { value: false }];
    function __emval_decref(handle) {
      if (handle > 4 && 0 === --emval_handle_array[handle].refcount) {
        emval_handle_array[handle] = void 0;
        emval_free_list.push(handle);
      }
    }
    function count_emval_handles() {
      var count = 0;
      for (var i = 5; i < emval_handle_array.length; ++i) {
        if (emval_handle_array[i] !== void 0) {
          ++count;
        }
      }
      return count;
    }
    function get_first_emval() {
      for (var i = 5; i < emval_handle_array.length; ++i) {
        if (emval_handle_array[i] !== void 0) {
          return emval_handle_array[i];
        }
      }
      return null;
    }
    function init_emval() {
      Module["count_emval_handles"] = count_emval_handles;
      Module["get_first_emval"] = get_first_emval;
    }
    var Emval = { toValue: function(handle) {
      if (!handle) {
        throwBindingError("Cannot use deleted val. handle = " + handle);
      }
      return emval_handle_array[handle].value;
    }, toHandle: function(value) {
      switch (value) {
        case void 0: {
          return 1;
        }
        case null: {
          return 2;
        }
        case true: {
          return 3;
        }
        case false: {
          return 4;
        }
        default: {
          var handle = emval_free_list.length ? emval_free_list.pop() : emval_handle_array.length;
          emval_handle_array[handle] = { refcount: 1, value };
          return handle;
        }
      }
    } };
    function simpleReadValueFromPointer(pointer) {
      return this["fromWireType"](HEAPU32[pointer >> 2]);
    }
    function __embind_register_emval(rawType, name) {
      name = readLatin1String(name);
      registerType(rawType, { name, "fromWireType": function(handle) {
        var rv = Emval.toValue(handle);
        __emval_decref(handle);
        return rv;
      }, "toWireType": function(destructors, value) {
        return Emval.toHandle(value);
      }, "argPackAdvance": 8, "readValueFromPointer": simpleReadValueFromPointer, destructorFunction: null });
    }
    function floatReadValueFromPointer(name, shift) {
      switch (shift) {
        case 2:
          return function(pointer) {
            return this["fromWireType"](HEAPF32[pointer >> 2]);
          };
        case 3:
          return function(pointer) {
            return this["fromWireType"](HEAPF64[pointer >> 3]);
          };
        default:
          throw new TypeError("Unknown float type: " + name);
      }
    }
    function __embind_register_float(rawType, name, size) {
      var shift = getShiftFromSize(size);
      name = readLatin1String(name);
      registerType(rawType, { name, "fromWireType": function(value) {
        return value;
      }, "toWireType": function(destructors, value) {
        return value;
      }, "argPackAdvance": 8, "readValueFromPointer": floatReadValueFromPointer(name, shift), destructorFunction: null });
    }
    function new_(constructor, argumentList) {
      if (!(constructor instanceof Function)) {
        throw new TypeError("new_ called with constructor type " + typeof constructor + " which is not a function");
      }
      var dummy = createNamedFunction(constructor.name || "unknownFunctionName", function() {
      });
      dummy.prototype = constructor.prototype;
      var obj = new dummy();
      var r = constructor.apply(obj, argumentList);
      return r instanceof Object ? r : obj;
    }
    function runDestructors(destructors) {
      while (destructors.length) {
        var ptr = destructors.pop();
        var del = destructors.pop();
        del(ptr);
      }
    }
    function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc) {
      var argCount = argTypes.length;
      if (argCount < 2) {
        throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
      }
      var isClassMethodFunc = argTypes[1] !== null && classType !== null;
      var needsDestructorStack = false;
      for (var i = 1; i < argTypes.length; ++i) {
        if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) {
          needsDestructorStack = true;
          break;
        }
      }
      var returns = argTypes[0].name !== "void";
      var argsList = "";
      var argsListWired = "";
      for (var i = 0; i < argCount - 2; ++i) {
        argsList += (i !== 0 ? ", " : "") + "arg" + i;
        argsListWired += (i !== 0 ? ", " : "") + "arg" + i + "Wired";
      }
      var invokerFnBody = "return function " + makeLegalFunctionName(humanName) + "(" + argsList + ") {\nif (arguments.length !== " + (argCount - 2) + ") {\nthrowBindingError('function " + humanName + " called with ' + arguments.length + ' arguments, expected " + (argCount - 2) + " args!');\n}\n";
      if (needsDestructorStack) {
        invokerFnBody += "var destructors = [];\n";
      }
      var dtorStack = needsDestructorStack ? "destructors" : "null";
      var args1 = ["throwBindingError", "invoker", "fn", "runDestructors", "retType", "classParam"];
      var args2 = [throwBindingError, cppInvokerFunc, cppTargetFunc, runDestructors, argTypes[0], argTypes[1]];
      if (isClassMethodFunc) {
        invokerFnBody += "var thisWired = classParam.toWireType(" + dtorStack + ", this);\n";
      }
      for (var i = 0; i < argCount - 2; ++i) {
        invokerFnBody += "var arg" + i + "Wired = argType" + i + ".toWireType(" + dtorStack + ", arg" + i + "); // " + argTypes[i + 2].name + "\n";
        args1.push("argType" + i);
        args2.push(argTypes[i + 2]);
      }
      if (isClassMethodFunc) {
        argsListWired = "thisWired" + (argsListWired.length > 0 ? ", " : "") + argsListWired;
      }
      invokerFnBody += (returns ? "var rv = " : "") + "invoker(fn" + (argsListWired.length > 0 ? ", " : "") + argsListWired + ");\n";
      if (needsDestructorStack) {
        invokerFnBody += "runDestructors(destructors);\n";
      } else {
        for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) {
          var paramName = i === 1 ? "thisWired" : "arg" + (i - 2) + "Wired";
          if (argTypes[i].destructorFunction !== null) {
            invokerFnBody += paramName + "_dtor(" + paramName + "); // " + argTypes[i].name + "\n";
            args1.push(paramName + "_dtor");
            args2.push(argTypes[i].destructorFunction);
          }
        }
      }
      if (returns) {
        invokerFnBody += "var ret = retType.fromWireType(rv);\nreturn ret;\n";
      } else {
      }
      invokerFnBody += "}\n";
      args1.push(invokerFnBody);
      var invokerFunction = new_(Function, args1).apply(null, args2);
      return invokerFunction;
    }
    function ensureOverloadTable(proto, methodName, humanName) {
      if (void 0 === proto[methodName].overloadTable) {
        var prevFunc = proto[methodName];
        proto[methodName] = function() {
          if (!proto[methodName].overloadTable.hasOwnProperty(arguments.length)) {
            throwBindingError("Function '" + humanName + "' called with an invalid number of arguments (" + arguments.length + ") - expects one of (" + proto[methodName].overloadTable + ")!");
          }
          return proto[methodName].overloadTable[arguments.length].apply(this, arguments);
        };
        proto[methodName].overloadTable = [];
        proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
      }
    }
    function exposePublicSymbol(name, value, numArguments) {
      if (Module.hasOwnProperty(name)) {
        if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) {
          throwBindingError("Cannot register public name '" + name + "' twice");
        }
        ensureOverloadTable(Module, name, name);
        if (Module.hasOwnProperty(numArguments)) {
          throwBindingError("Cannot register multiple overloads of a function with the same number of arguments (" + numArguments + ")!");
        }
        Module[name].overloadTable[numArguments] = value;
      } else {
        Module[name] = value;
        if (void 0 !== numArguments) {
          Module[name].numArguments = numArguments;
        }
      }
    }
    function heap32VectorToArray(count, firstElement) {
      var array = [];
      for (var i = 0; i < count; i++) {
        array.push(HEAP32[(firstElement >> 2) + i]);
      }
      return array;
    }
    function replacePublicSymbol(name, value, numArguments) {
      if (!Module.hasOwnProperty(name)) {
        throwInternalError("Replacing nonexistant public symbol");
      }
      if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) {
        Module[name].overloadTable[numArguments] = value;
      } else {
        Module[name] = value;
        Module[name].argCount = numArguments;
      }
    }
    function dynCallLegacy(sig, ptr, args) {
      var f = Module["dynCall_" + sig];
      return args && args.length ? f.apply(null, [ptr].concat(args)) : f.call(null, ptr);
    }
    function dynCall(sig, ptr, args) {
      if (sig.includes("j")) {
        return dynCallLegacy(sig, ptr, args);
      }
      return getWasmTableEntry(ptr).apply(null, args);
    }
    function getDynCaller(sig, ptr) {
      var argCache = [];
      return function() {
        argCache.length = 0;
        Object.assign(argCache, arguments);
        return dynCall(sig, ptr, argCache);
      };
    }
    function embind__requireFunction(signature, rawFunction) {
      signature = readLatin1String(signature);
      function makeDynCaller() {
        if (signature.includes("j")) {
          return getDynCaller(signature, rawFunction);
        }
        return getWasmTableEntry(rawFunction);
      }
      var fp = makeDynCaller();
      if (typeof fp != "function") {
        throwBindingError("unknown function pointer with signature " + signature + ": " + rawFunction);
      }
      return fp;
    }
    var UnboundTypeError = void 0;
    function getTypeName(type) {
      var ptr = ___getTypeName(type);
      var rv = readLatin1String(ptr);
      _free(ptr);
      return rv;
    }
    function throwUnboundTypeError(message, types) {
      var unboundTypes = [];
      var seen = {};
      function visit(type) {
        if (seen[type]) {
          return;
        }
        if (registeredTypes[type]) {
          return;
        }
        if (typeDependencies[type]) {
          typeDependencies[type].forEach(visit);
          return;
        }
        unboundTypes.push(type);
        seen[type] = true;
      }
      types.forEach(visit);
      throw new UnboundTypeError(message + ": " + unboundTypes.map(getTypeName).join([", "]));
    }
    function __embind_register_function(name, argCount, rawArgTypesAddr, signature, rawInvoker, fn) {
      var argTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
      name = readLatin1String(name);
      rawInvoker = embind__requireFunction(signature, rawInvoker);
      exposePublicSymbol(name, function() {
        throwUnboundTypeError("Cannot call " + name + " due to unbound types", argTypes);
      }, argCount - 1);
      whenDependentTypesAreResolved([], argTypes, function(argTypes2) {
        var invokerArgsArray = [argTypes2[0], null].concat(argTypes2.slice(1));
        replacePublicSymbol(name, craftInvokerFunction(name, invokerArgsArray, null, rawInvoker, fn), argCount - 1);
        return [];
      });
    }
    function integerReadValueFromPointer(name, shift, signed) {
      switch (shift) {
        case 0:
          return signed ? function readS8FromPointer(pointer) {
            return HEAP8[pointer];
          } : function readU8FromPointer(pointer) {
            return HEAPU8[pointer];
          };
        case 1:
          return signed ? function readS16FromPointer(pointer) {
            return HEAP16[pointer >> 1];
          } : function readU16FromPointer(pointer) {
            return HEAPU16[pointer >> 1];
          };
        case 2:
          return signed ? function readS32FromPointer(pointer) {
            return HEAP32[pointer >> 2];
          } : function readU32FromPointer(pointer) {
            return HEAPU32[pointer >> 2];
          };
        default:
          throw new TypeError("Unknown integer type: " + name);
      }
    }
    function __embind_register_integer(primitiveType, name, size, minRange, maxRange) {
      name = readLatin1String(name);
      if (maxRange === -1) {
        maxRange = 4294967295;
      }
      var shift = getShiftFromSize(size);
      var fromWireType = (value) => value;
      if (minRange === 0) {
        var bitshift = 32 - 8 * size;
        fromWireType = ((value) => value << bitshift >>> bitshift);
      }
      var isUnsignedType = name.includes("unsigned");
      var checkAssertions = (value, toTypeName) => {
      };
      var toWireType;
      if (isUnsignedType) {
        toWireType = function(destructors, value) {
          checkAssertions(value, this.name);
          return value >>> 0;
        };
      } else {
        toWireType = function(destructors, value) {
          checkAssertions(value, this.name);
          return value;
        };
      }
      registerType(primitiveType, { name, "fromWireType": fromWireType, "toWireType": toWireType, "argPackAdvance": 8, "readValueFromPointer": integerReadValueFromPointer(name, shift, minRange !== 0), destructorFunction: null });
    }
    function __embind_register_memory_view(rawType, dataTypeIndex, name) {
      var typeMapping = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
      var TA = typeMapping[dataTypeIndex];
      function decodeMemoryView(handle) {
        handle = handle >> 2;
        var heap = HEAPU32;
        var size = heap[handle];
        var data = heap[handle + 1];
        return new TA(buffer, data, size);
      }
      name = readLatin1String(name);
      registerType(rawType, { name, "fromWireType": decodeMemoryView, "argPackAdvance": 8, "readValueFromPointer": decodeMemoryView }, { ignoreDuplicateRegistrations: true });
    }
    function __embind_register_std_string(rawType, name) {
      name = readLatin1String(name);
      var stdStringIsUTF8 = name === "std::string";
      registerType(rawType, { name, "fromWireType": function(value) {
        var length = HEAPU32[value >> 2];
        var str;
        if (stdStringIsUTF8) {
          var decodeStartPtr = value + 4;
          for (var i = 0; i <= length; ++i) {
            var currentBytePtr = value + 4 + i;
            if (i == length || HEAPU8[currentBytePtr] == 0) {
              var maxRead = currentBytePtr - decodeStartPtr;
              var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
              if (str === void 0) {
                str = stringSegment;
              } else {
                str += String.fromCharCode(0);
                str += stringSegment;
              }
              decodeStartPtr = currentBytePtr + 1;
            }
          }
        } else {
          var a = new Array(length);
          for (var i = 0; i < length; ++i) {
            a[i] = String.fromCharCode(HEAPU8[value + 4 + i]);
          }
          str = a.join("");
        }
        _free(value);
        return str;
      }, "toWireType": function(destructors, value) {
        if (value instanceof ArrayBuffer) {
          value = new Uint8Array(value);
        }
        var getLength;
        var valueIsOfTypeString = typeof value == "string";
        if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) {
          throwBindingError("Cannot pass non-string to std::string");
        }
        if (stdStringIsUTF8 && valueIsOfTypeString) {
          getLength = (() => lengthBytesUTF8(value));
        } else {
          getLength = (() => value.length);
        }
        var length = getLength();
        var ptr = _malloc(4 + length + 1);
        HEAPU32[ptr >> 2] = length;
        if (stdStringIsUTF8 && valueIsOfTypeString) {
          stringToUTF8(value, ptr + 4, length + 1);
        } else {
          if (valueIsOfTypeString) {
            for (var i = 0; i < length; ++i) {
              var charCode = value.charCodeAt(i);
              if (charCode > 255) {
                _free(ptr);
                throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
              }
              HEAPU8[ptr + 4 + i] = charCode;
            }
          } else {
            for (var i = 0; i < length; ++i) {
              HEAPU8[ptr + 4 + i] = value[i];
            }
          }
        }
        if (destructors !== null) {
          destructors.push(_free, ptr);
        }
        return ptr;
      }, "argPackAdvance": 8, "readValueFromPointer": simpleReadValueFromPointer, destructorFunction: function(ptr) {
        _free(ptr);
      } });
    }
    function __embind_register_std_wstring(rawType, charSize, name) {
      name = readLatin1String(name);
      var decodeString, encodeString, getHeap, lengthBytesUTF, shift;
      if (charSize === 2) {
        decodeString = UTF16ToString;
        encodeString = stringToUTF16;
        lengthBytesUTF = lengthBytesUTF16;
        getHeap = (() => HEAPU16);
        shift = 1;
      } else if (charSize === 4) {
        decodeString = UTF32ToString;
        encodeString = stringToUTF32;
        lengthBytesUTF = lengthBytesUTF32;
        getHeap = (() => HEAPU32);
        shift = 2;
      }
      registerType(rawType, { name, "fromWireType": function(value) {
        var length = HEAPU32[value >> 2];
        var HEAP = getHeap();
        var str;
        var decodeStartPtr = value + 4;
        for (var i = 0; i <= length; ++i) {
          var currentBytePtr = value + 4 + i * charSize;
          if (i == length || HEAP[currentBytePtr >> shift] == 0) {
            var maxReadBytes = currentBytePtr - decodeStartPtr;
            var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
            if (str === void 0) {
              str = stringSegment;
            } else {
              str += String.fromCharCode(0);
              str += stringSegment;
            }
            decodeStartPtr = currentBytePtr + charSize;
          }
        }
        _free(value);
        return str;
      }, "toWireType": function(destructors, value) {
        if (!(typeof value == "string")) {
          throwBindingError("Cannot pass non-string to C++ string type " + name);
        }
        var length = lengthBytesUTF(value);
        var ptr = _malloc(4 + length + charSize);
        HEAPU32[ptr >> 2] = length >> shift;
        encodeString(value, ptr + 4, length + charSize);
        if (destructors !== null) {
          destructors.push(_free, ptr);
        }
        return ptr;
      }, "argPackAdvance": 8, "readValueFromPointer": simpleReadValueFromPointer, destructorFunction: function(ptr) {
        _free(ptr);
      } });
    }
    function __embind_register_void(rawType, name) {
      name = readLatin1String(name);
      registerType(rawType, { isVoid: true, name, "argPackAdvance": 0, "fromWireType": function() {
        return void 0;
      }, "toWireType": function(destructors, o) {
        return void 0;
      } });
    }
    function _abort() {
      abort("");
    }
    var readAsmConstArgsArray = [];
    function readAsmConstArgs(sigPtr, buf) {
      readAsmConstArgsArray.length = 0;
      var ch;
      buf >>= 2;
      while (ch = HEAPU8[sigPtr++]) {
        var readAsmConstArgsDouble = ch < 105;
        if (readAsmConstArgsDouble && buf & 1) buf++;
        readAsmConstArgsArray.push(readAsmConstArgsDouble ? HEAPF64[buf++ >> 1] : HEAP32[buf]);
        ++buf;
      }
      return readAsmConstArgsArray;
    }
    function _emscripten_asm_const_int(code, sigPtr, argbuf) {
      var args = readAsmConstArgs(sigPtr, argbuf);
      return ASM_CONSTS[code].apply(null, args);
    }
    function _emscripten_memcpy_big(dest, src, num) {
      HEAPU8.copyWithin(dest, src, src + num);
    }
    function _emscripten_get_heap_max() {
      return 2147483648;
    }
    function emscripten_realloc_buffer(size) {
      try {
        wasmMemory.grow(size - buffer.byteLength + 65535 >>> 16);
        updateGlobalBufferAndViews(wasmMemory.buffer);
        return 1;
      } catch (e) {
      }
    }
    function _emscripten_resize_heap(requestedSize) {
      var oldSize = HEAPU8.length;
      requestedSize = requestedSize >>> 0;
      var maxHeapSize = _emscripten_get_heap_max();
      if (requestedSize > maxHeapSize) {
        return false;
      }
      let alignUp = (x, multiple) => x + (multiple - x % multiple) % multiple;
      for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
        var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
        overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
        var newSize = Math.min(maxHeapSize, alignUp(Math.max(requestedSize, overGrownHeapSize), 65536));
        var replacement = emscripten_realloc_buffer(newSize);
        if (replacement) {
          return true;
        }
      }
      return false;
    }
    embind_init_charCodes();
    BindingError = Module["BindingError"] = extendError(Error, "BindingError");
    InternalError = Module["InternalError"] = extendError(Error, "InternalError");
    init_emval();
    UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
    var asmLibraryArg = { "k": __embind_register_bigint, "q": __embind_register_bool, "p": __embind_register_emval, "g": __embind_register_float, "a": __embind_register_function, "c": __embind_register_integer, "b": __embind_register_memory_view, "f": __embind_register_std_string, "e": __embind_register_std_wstring, "o": __embind_register_void, "d": _abort, "n": _emscripten_asm_const_int, "m": _emscripten_memcpy_big, "l": _emscripten_resize_heap, "j": ms_pattern_compile, "i": ms_pattern_search, "h": ms_report_js_error };
    var asm = createWasm();
    var ___wasm_call_ctors = Module["___wasm_call_ctors"] = function() {
      return (___wasm_call_ctors = Module["___wasm_call_ctors"] = Module["asm"]["s"]).apply(null, arguments);
    };
    var _malloc = Module["_malloc"] = function() {
      return (_malloc = Module["_malloc"] = Module["asm"]["t"]).apply(null, arguments);
    };
    var _free = Module["_free"] = function() {
      return (_free = Module["_free"] = Module["asm"]["v"]).apply(null, arguments);
    };
    var ___getTypeName = Module["___getTypeName"] = function() {
      return (___getTypeName = Module["___getTypeName"] = Module["asm"]["w"]).apply(null, arguments);
    };
    var ___embind_register_native_and_builtin_types = Module["___embind_register_native_and_builtin_types"] = function() {
      return (___embind_register_native_and_builtin_types = Module["___embind_register_native_and_builtin_types"] = Module["asm"]["x"]).apply(null, arguments);
    };
    var dynCall_iiiji = Module["dynCall_iiiji"] = function() {
      return (dynCall_iiiji = Module["dynCall_iiiji"] = Module["asm"]["y"]).apply(null, arguments);
    };
    var dynCall_iiij = Module["dynCall_iiij"] = function() {
      return (dynCall_iiij = Module["dynCall_iiij"] = Module["asm"]["z"]).apply(null, arguments);
    };
    var dynCall_iijii = Module["dynCall_iijii"] = function() {
      return (dynCall_iijii = Module["dynCall_iijii"] = Module["asm"]["A"]).apply(null, arguments);
    };
    var dynCall_iiijiji = Module["dynCall_iiijiji"] = function() {
      return (dynCall_iiijiji = Module["dynCall_iiijiji"] = Module["asm"]["B"]).apply(null, arguments);
    };
    var dynCall_iiijiii = Module["dynCall_iiijiii"] = function() {
      return (dynCall_iiijiii = Module["dynCall_iiijiii"] = Module["asm"]["C"]).apply(null, arguments);
    };
    var calledRun;
    dependenciesFulfilled = function runCaller() {
      if (!calledRun) run();
      if (!calledRun) dependenciesFulfilled = runCaller;
    };
    function run(args) {
      args = args || arguments_;
      if (runDependencies > 0) {
        return;
      }
      preRun();
      if (runDependencies > 0) {
        return;
      }
      function doRun() {
        if (calledRun) return;
        calledRun = true;
        Module["calledRun"] = true;
        if (ABORT) return;
        initRuntime();
        readyPromiseResolve(Module);
        postRun();
      }
      {
        doRun();
      }
    }
    Module["run"] = run;
    run();
    return createCoreModule2.ready;
  });
})();
var mutual_store_core_default = createCoreModule;

// js/load-core.js
async function moduleSettings(url, failed) {
  if (url.protocol === "file:") {
    const fs = globalThis.process?.getBuiltinModule?.("node:fs/promises");
    if (!fs) throw new Error(`mutual-store: cannot read ${url} here (Node \u2265 20.16 reads it)`);
    return { wasmBinary: await fs.readFile(url) };
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `mutual-store: could not load ${url} (HTTP ${response.status}). Serve generated/${url.pathname.split("/").pop()} beside the script that imports mutual-store.`
    );
  }
  const streams = typeof WebAssembly.instantiateStreaming === "function" && response.headers.get("content-type")?.startsWith("application/wasm");
  if (!streams) return { wasmBinary: new Uint8Array(await response.arrayBuffer()) };
  return {
    instantiateWasm(imports, started) {
      WebAssembly.instantiateStreaming(response, imports).then(({ instance, module }) => started(instance, module), failed);
      return {};
    }
  };
}
async function loadCoreModule(createModule, wasmUrl) {
  let failed;
  const failure = new Promise((_, reject) => {
    failed = reject;
  });
  const core2 = await Promise.race([createModule(await moduleSettings(wasmUrl, failed)), failure]);
  core2.pendingError = null;
  function checked2(result) {
    const error = core2.pendingError;
    if (error) {
      core2.pendingError = null;
      throw error;
    }
    return result;
  }
  return { core: core2, checked: checked2 };
}

// js/core.js
var { core, checked } = await loadCoreModule(mutual_store_core_default, new URL("./generated/mutual-store-core.wasm", import.meta.url));
var ready = Promise.resolve();

// js/generated/allocation-constants.js
var DENOMINATOR_FLOOR = 1e-4;
var CONVERGENCE_EPSILON = 1e-3;
var STALE_THRESHOLD_MS = 6e4;
var ROUND_GOSSIP_INTERVAL_MS = 5e3;
var ROUND_ADVANCEMENT_THRESHOLD = 0.5;

// js/boundary.js
function requireNumber(value, field) {
  if (typeof value !== "number") throw new TypeError(`${field} must be a number (got ${describe(value)})`);
  return value;
}
function requireString(value, field) {
  if (typeof value !== "string") throw new TypeError(`${field} must be a string (got ${describe(value)})`);
  return value;
}
function requireObject(value, field) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${field} must be an object (got ${describe(value)})`);
  }
  return value;
}
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
function keyAccessor(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
function fieldPath(parent, key) {
  return parent + keyAccessor(key);
}
function keepNonFinite(_key, value) {
  return typeof value === "number" && !Number.isFinite(value) ? { $nonfinite: String(value) } : value;
}
function toJson(value) {
  const text = JSON.stringify(value === void 0 ? null : value) ?? "null";
  return text.includes("null") ? JSON.stringify(value, keepNonFinite) ?? "null" : text;
}
function withKeys(error, keys) {
  if (error instanceof Error && typeof error.message === "string") {
    error.message = error.message.replace(/\[#(\d+)\]/g, (_, i) => keyAccessor(keys[Number(i)]));
  }
  return error;
}

// js/wasm-io.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
function wasmIo({ core: core2, checked: checked2 }) {
  return {
    /** Writes `text` as UTF-8 into the input buffer; returns its length in bytes. */
    writeText(text) {
      const capacity = text.length * 3;
      const pointer = checked2(core2.reserveBytes(capacity));
      return encoder.encodeInto(text, core2.HEAPU8.subarray(pointer, pointer + capacity)).written;
    },
    /** Copies `bytes` into the input buffer; returns the pointer to them. */
    writeBytes(bytes2) {
      const pointer = checked2(core2.reserveBytes(bytes2.length));
      core2.HEAPU8.set(bytes2, pointer);
      return pointer;
    },
    /** A copy of `length` bytes of the output byte buffer. */
    readOutputBytes(length) {
      const pointer = core2.outputBytes();
      return core2.HEAPU8.slice(pointer, pointer + length);
    },
    /** UTF-8 text at `pointer` in wasm memory. */
    readText(pointer, length) {
      return decoder.decode(core2.HEAPU8.subarray(pointer, pointer + length));
    },
    /** The u32 output buffer as a view of `count` entries (valid until the next call into the module). */
    outputU32(count) {
      const start = core2.outputU32() / 4;
      return core2.HEAPU32.subarray(start, start + count);
    }
  };
}

// js/own-keys.js
function setOwn(object, key, value) {
  if (key === "__proto__") Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
  return object;
}
function ownValue(object, key) {
  return object !== null && typeof object === "object" && Object.hasOwn(object, key) ? object[key] : void 0;
}

// js/generated/boundary.js
var META_KEY = "_";
var USER_SOUL_PREFIX = "~";
var ALIAS_SOUL_PREFIX = "~@";
var TOKEN_NULL = 0;
var TOKEN_FALSE = 1;
var TOKEN_TRUE = 2;
var TOKEN_NUMBER = 3;
var TOKEN_STRING = 4;
var TOKEN_ARRAY = 5;
var TOKEN_OBJECT = 6;
var TOKEN_NAN = 7;
var TOKEN_INFINITY = 8;
var TOKEN_NEGATIVE_INFINITY = 9;
var SHARE_STRIDE = 2;
var ABSENT_ATTRIBUTE = 4294967295;
var NOT_A_SCALAR = 4294967294;
var RECIPIENT = Object.freeze({ RESIDUAL_NEED: 0, DAMPING_FACTOR: 1, HAS_COMMITMENT: 2, STRIDE: 3 });
var TWO_TIER = Object.freeze({ MUTUAL_DENOMINATOR: 0, NON_MUTUAL_DENOMINATOR: 1, MUTUAL_COUNT: 2, NON_MUTUAL_COUNT: 3, HEADER: 4 });
var SIMULATION = Object.freeze({ ROUNDS: 0, MAX_DELTA: 1, TRACE_LENGTH: 2, HEADER: 3, TRACE_STRIDE: 2 });
var SIMULATED_PARTICIPANT = Object.freeze({ RESIDUAL_NEED: 0, DAMPING_FACTOR: 1, HISTORY_SIZE: 2, HISTORY: 3, RECEIVED: 6, RECEIVED_ANY: 7, STRIDE: 8 });
var WATER_FILL = Object.freeze({ ROUNDS: 0, CONVERGED_AT: 1, MAX_DELTA: 2, MAX_OVER_ALLOCATION: 3, MAX_OVER_CAPACITY: 4, TRACE_LENGTH: 5, HEADER: 6, TRACE_STRIDE: 4 });
var ALLOCATION_ROW = Object.freeze({ PROVIDER: 0, RECIPIENT: 1, TIER: 2, AMOUNT: 3, STRIDE: 4 });

// js/wasm-buffers.js
var { writeText, writeBytes, readOutputBytes, readText, outputU32 } = wasmIo({ core, checked });
function readTwoTierOutput(capacityId, keys, timestamp) {
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const mutualCount = out[o + TWO_TIER.MUTUAL_COUNT];
  const allocationsOf = (at, count) => {
    const allocations = {};
    for (let i = 0; i < count; i++, at += SHARE_STRIDE) setOwn(allocations, keys[out[at]], out[at + 1]);
    return allocations;
  };
  const pairs = o + TWO_TIER.HEADER;
  return {
    mutualDenominator: { [capacityId]: out[o + TWO_TIER.MUTUAL_DENOMINATOR] },
    nonMutualDenominator: { [capacityId]: out[o + TWO_TIER.NON_MUTUAL_DENOMINATOR] },
    mutualAllocations: { [capacityId]: allocationsOf(pairs, mutualCount) },
    nonMutualAllocations: { [capacityId]: allocationsOf(pairs + SHARE_STRIDE * mutualCount, out[o + TWO_TIER.NON_MUTUAL_COUNT]) },
    timestamp
  };
}

// js/allocation-engine.js
function computeMutualRecognition(myPub, theirPub, myWeights, theirWeights) {
  requireString(myPub, "myPub");
  requireString(theirPub, "theirPub");
  return checked(core.mutualRecognition(myPub, theirPub, toJson(myWeights), toJson(theirWeights)));
}
function computeAllMutualRecognition(myPub, myWeights, networkWeights) {
  requireString(myPub, "myPub");
  return JSON.parse(checked(core.allMutualRecognition(myPub, toJson(myWeights), toJson(networkWeights))));
}
function passesFilter(commitment, filter) {
  requireObject(commitment, "commitment");
  return checked(core.passesFilter(toJson(commitment.attributes ?? null), toJson(filter ?? null)));
}
function computeDampingFactor(history) {
  return checked(core.dampingFactor(toJson(history)));
}
function updateCommitmentDamping(commitment, totalReceived) {
  requireObject(commitment, "commitment");
  requireNumber(totalReceived, "totalReceived");
  const update = JSON.parse(checked(core.updateDamping(toJson(commitment), totalReceived)));
  return { ...commitment, damping_factor: update.damping_factor, over_allocation_history: update.over_allocation_history };
}
function compareVectorClocks(a, b) {
  return checked(core.compareVectorClocks(toJson(a), toJson(b)));
}
function mergeVectorClocks(a, b) {
  return JSON.parse(checked(core.mergeVectorClocks(toJson(a), toJson(b))));
}
function incrementVectorClock(clock, myPub) {
  requireString(myPub, "myPub");
  return JSON.parse(checked(core.incrementVectorClock(toJson(clock), myPub)));
}
function shouldAdvanceRound(myPub, myRound, networkRoundStates, networkCommitments, now = Date.now()) {
  requireString(myPub, "myPub");
  requireNumber(myRound, "myRound");
  requireNumber(now, "now");
  return checked(core.shouldAdvanceRound(myPub, myRound, toJson(networkRoundStates), toJson(networkCommitments), now));
}
function getCausallyConsistentCommitments(myVectorClock, networkCommitments) {
  return JSON.parse(checked(core.causallyConsistentCommitments(toJson(myVectorClock), toJson(networkCommitments))));
}
function writeShares(record, keys, name, heap, at, intern) {
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== "number") requireNumber(value, fieldPath(name, key));
    heap[at++] = intern(key);
    heap[at++] = value;
  }
  return at;
}
function internedAttributes(filter, ids, commitments) {
  const required = filter?.required_attributes;
  if (required === null || typeof required !== "object") return [];
  const keys = Object.keys(required);
  const valueIds = /* @__PURE__ */ new Map();
  const idOf = (value) => {
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return NOT_A_SCALAR;
    let id = valueIds.get(value);
    if (id === void 0) valueIds.set(value, id = valueIds.size);
    return id;
  };
  const stream = [keys.length];
  const pushSet = (value) => {
    if (!Array.isArray(value)) return stream.push(1, idOf(value));
    stream.push(value.length);
    for (const member of value) stream.push(idOf(member));
  };
  for (const key of keys) pushSet(required[key]);
  for (const id of ids) {
    const attributes = Object.hasOwn(commitments, id) ? commitments[id]?.attributes : void 0;
    const hasAttributes = attributes !== null && typeof attributes === "object";
    for (const key of keys) {
      const have = hasAttributes && Object.hasOwn(attributes, key) ? attributes[key] : void 0;
      if (have === void 0) stream.push(ABSENT_ATTRIBUTE);
      else pushSet(have);
    }
  }
  return stream;
}
function writeRecipients(ids, commitments, heap, at) {
  for (const id of ids) {
    const c = Object.hasOwn(commitments, id) ? commitments[id] : void 0;
    if (c === void 0 || c === null) {
      heap[at + RECIPIENT.RESIDUAL_NEED] = 0;
      heap[at + RECIPIENT.DAMPING_FACTOR] = 1;
      heap[at + RECIPIENT.HAS_COMMITMENT] = 0;
      at += RECIPIENT.STRIDE;
      continue;
    }
    const field = fieldPath("commitments", id);
    requireObject(c, field);
    const damping = c.damping_factor === void 0 ? 1 : c.damping_factor;
    if (typeof c.residual_need !== "number") requireNumber(c.residual_need, `${field}.residual_need`);
    if (typeof damping !== "number") requireNumber(damping, `${field}.damping_factor`);
    heap[at + RECIPIENT.RESIDUAL_NEED] = c.residual_need;
    heap[at + RECIPIENT.DAMPING_FACTOR] = damping;
    heap[at + RECIPIENT.HAS_COMMITMENT] = 1;
    at += RECIPIENT.STRIDE;
  }
}
function computeTwoTierAllocation(providerPub, capacity, capacityId, mrValues, weights, commitments, filter) {
  requireString(providerPub, "providerPub");
  requireNumber(capacity, "capacity");
  requireString(capacityId, "capacityId");
  requireObject(mrValues, "mrValues");
  requireObject(weights, "weights");
  requireObject(commitments, "commitments");
  const ids = [];
  const index = /* @__PURE__ */ new Map();
  const intern = (key) => {
    let i = index.get(key);
    if (i === void 0) {
      i = ids.length;
      index.set(key, i);
      ids.push(key);
    }
    return i;
  };
  const mrKeys = Object.keys(mrValues);
  const weightKeys = Object.keys(weights);
  const maxRecipients = mrKeys.length + weightKeys.length;
  const base = checked(core.reserveInput((SHARE_STRIDE + RECIPIENT.STRIDE) * maxRecipients, 0)) / 8;
  const heap = core.HEAPF64;
  let at = writeShares(mrValues, mrKeys, "mrValues", heap, base, intern);
  at = writeShares(weights, weightKeys, "weights", heap, at, intern);
  writeRecipients(ids, commitments, heap, at);
  if (filter !== void 0 && filter !== null) {
    const stream = internedAttributes(filter, ids, commitments);
    const start = checked(core.reserveInputU32(stream.length)) / 4;
    core.HEAPU32.set(stream, start);
  }
  try {
    checked(core.computeTwoTier(capacity, mrKeys.length, weightKeys.length, ids.length, toJson(filter ?? null)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  return readTwoTierOutput(capacityId, ids, Date.now());
}

// js/network-simulation.js
function generateNetwork(params) {
  requireObject(params, "generateNetwork options");
  const { n, k, seed = 1, providerFraction = 0.3, selfRate = 0.1 } = params;
  for (const [name, value] of Object.entries({ n, k, seed, providerFraction, selfRate })) requireNumber(value, name);
  const edges = checked(core.generateNetwork(n, k, seed, providerFraction, selfRate));
  const starts = core.HEAPU32.subarray(core.outputU32() / 4, core.outputU32() / 4 + n + 1 + edges);
  const numbers2 = core.HEAPF64.subarray(core.outputF64() / 8, core.outputF64() / 8 + edges + 2 * n);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const weights = {};
  const participants = {};
  for (let i = 0; i < n; i++) {
    const row = {};
    for (let e = starts[i]; e < starts[i + 1]; e++) setOwn(row, ids[starts[n + 1 + e]], numbers2[e]);
    setOwn(weights, ids[i], row);
    setOwn(participants, ids[i], { capacity: numbers2[edges + i], stated_need: numbers2[edges + n + i] });
  }
  return { ids, weights, participants };
}
function writeNetwork({ ids, weights, participants }) {
  if (!Array.isArray(ids)) throw new TypeError(`network.ids must be an array`);
  requireObject(weights, "network.weights");
  requireObject(participants, "network.participants");
  const n = ids.length;
  const index = /* @__PURE__ */ new Map();
  ids.forEach((id, i) => {
    if (typeof id !== "string") throw new TypeError(`network.ids[${i}] must be a string`);
    if (index.has(id)) throw new RangeError(`network.ids lists ${JSON.stringify(id)} twice`);
    index.set(id, i);
  });
  const rows = ids.map((id) => requireObject(ownValue(weights, id), fieldPath("network.weights", id)));
  const rowKeys = rows.map((row) => Object.keys(row));
  const edges = rowKeys.reduce((sum, keys) => sum + keys.length, 0);
  const f64 = checked(core.reserveInput(edges + 2 * n, n + 1 + edges)) / 8;
  const u32 = core.inputU32() / 4;
  const numbers2 = core.HEAPF64;
  const links = core.HEAPU32;
  let e = 0;
  for (let i = 0; i < n; i++) {
    links[u32 + i] = e;
    const row = rows[i];
    for (const key of rowKeys[i]) {
      const to = index.get(key);
      const w = row[key];
      if (to === void 0) {
        throw new RangeError(`${fieldPath(fieldPath("network.weights", ids[i]), key)} names a participant not in network.ids`);
      }
      if (typeof w !== "number") requireNumber(w, fieldPath(fieldPath("network.weights", ids[i]), key));
      links[u32 + n + 1 + e] = to;
      numbers2[f64 + e] = w;
      e++;
    }
    const p = requireObject(ownValue(participants, ids[i]), fieldPath("network.participants", ids[i]));
    numbers2[f64 + edges + i] = requireNumber(p.capacity, `${fieldPath("network.participants", ids[i])}.capacity`);
    numbers2[f64 + edges + n + i] = requireNumber(p.stated_need, `${fieldPath("network.participants", ids[i])}.stated_need`);
  }
  links[u32 + n] = e;
  return edges;
}
function writeFilters({ ids, participants }) {
  const filters = [];
  const attributes = [];
  ids.forEach((id, i) => {
    const { filter, attributes: own } = ownValue(participants, id);
    if (filter !== void 0 && filter !== null) filters.push([i, filter]);
    if (own !== void 0 && own !== null) attributes.push([i, own]);
  });
  return filters.length ? toJson({ filters, attributes }) : "";
}
function readAllocations(ids, at) {
  const out = core.HEAPF64;
  const count = out[at];
  const allocations = /* @__PURE__ */ Object.create(null);
  const end = at + 1 + ALLOCATION_ROW.STRIDE * count;
  for (let row = at + 1; row < end; row += ALLOCATION_ROW.STRIDE) {
    const provider = ids[out[row + ALLOCATION_ROW.PROVIDER]];
    const mine = allocations[provider] ??= { tier1: /* @__PURE__ */ Object.create(null), tier2: /* @__PURE__ */ Object.create(null) };
    (out[row + ALLOCATION_ROW.TIER] === 1 ? mine.tier1 : mine.tier2)[ids[out[row + ALLOCATION_ROW.RECIPIENT]]] = out[row + ALLOCATION_ROW.AMOUNT];
  }
  return { allocations, next: end };
}
var SCHEDULES = ["phased", "merged"];
function simulateWaterFill(network, options) {
  const { maxRounds = 50, epsilon = CONVERGENCE_EPSILON, schedule = "phased", trace = false } = options;
  requireNumber(maxRounds, "maxRounds");
  requireNumber(epsilon, "epsilon");
  if (!SCHEDULES.includes(schedule)) {
    throw new RangeError(`options.schedule must be 'phased' or 'merged' (got ${JSON.stringify(schedule)})`);
  }
  if (options.relaxation !== void 0) throw new RangeError(`options.relaxation applies to rule 'seed' only`);
  const edges = writeNetwork(network);
  const { ids } = network;
  try {
    checked(core.simulateWaterFill(ids.length, edges, maxRounds, epsilon, schedule === "merged", Boolean(trace), writeFilters(network)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const { allocations, next } = readAllocations(ids, o + WATER_FILL.HEADER);
  const convergedAt = out[o + WATER_FILL.CONVERGED_AT];
  const result = {
    rounds: out[o + WATER_FILL.ROUNDS],
    convergedAt: convergedAt < 0 ? null : convergedAt,
    maxDelta: out[o + WATER_FILL.MAX_DELTA],
    maxOverAllocation: out[o + WATER_FILL.MAX_OVER_ALLOCATION],
    maxOverCapacity: out[o + WATER_FILL.MAX_OVER_CAPACITY],
    allocations
  };
  if (trace) {
    const rounds = Array.from({ length: out[o + WATER_FILL.TRACE_LENGTH] }, (_, r) => next + WATER_FILL.TRACE_STRIDE * r);
    result.trace = {
      maxDelta: rounds.map((at) => out[at]),
      total: rounds.map((at) => out[at + 1]),
      overAllocation: rounds.map((at) => out[at + 2]),
      overCapacity: rounds.map((at) => out[at + 3])
    };
  }
  return result;
}
function centralAllocation(network) {
  requireObject(network, "network");
  const edges = writeNetwork(network);
  const { ids } = network;
  try {
    checked(core.centralAllocation(ids.length, edges, writeFilters(network)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  return readAllocations(ids, core.outputF64() / 8).allocations;
}
function simulate(network, options = {}) {
  requireObject(network, "network");
  requireObject(options, "options");
  const { rule = "seed" } = options;
  if (rule === "water-filling") return simulateWaterFill(network, options);
  if (rule !== "seed") throw new RangeError(`options.rule must be 'seed' or 'water-filling' (got ${JSON.stringify(rule)})`);
  const { maxRounds = 50, epsilon = CONVERGENCE_EPSILON, relaxation = 1, trace = false } = options;
  requireNumber(maxRounds, "maxRounds");
  requireNumber(epsilon, "epsilon");
  requireNumber(relaxation, "relaxation");
  const edges = writeNetwork(network);
  const { ids, participants } = network;
  const n = ids.length;
  try {
    checked(core.simulate(n, edges, maxRounds, epsilon, relaxation, Boolean(trace)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const commitments = {};
  const received = {};
  const P = SIMULATED_PARTICIPANT;
  for (let i = 0, at = o + SIMULATION.HEADER; i < n; i++, at += P.STRIDE) {
    const id = ids[i];
    const p = ownValue(participants, id);
    const history = at + P.HISTORY;
    setOwn(commitments, id, {
      residual_need: out[at + P.RESIDUAL_NEED],
      stated_need: p.stated_need,
      capacity: p.capacity,
      damping_factor: out[at + P.DAMPING_FACTOR],
      over_allocation_history: Array.from(out.subarray(history, history + out[at + P.HISTORY_SIZE])),
      timestamp: 1
    });
    if (out[at + P.RECEIVED_ANY]) setOwn(received, id, out[at + P.RECEIVED]);
  }
  const result = { rounds: out[o + SIMULATION.ROUNDS], maxDelta: out[o + SIMULATION.MAX_DELTA], commitments, received };
  if (trace) {
    const traced = out[o + SIMULATION.TRACE_LENGTH];
    const at = o + SIMULATION.HEADER + P.STRIDE * n;
    const stride = SIMULATION.TRACE_STRIDE;
    result.trace = {
      totalResidual: Array.from({ length: traced }, (_, r) => out[at + stride * r]),
      maxDelta: Array.from({ length: traced }, (_, r) => out[at + stride * r + 1])
    };
  }
  return result;
}

// js/value-tokens.js
var MAX_DEPTH = 1e3;
var KEY_TABLE_LIMIT = 1e5;
var encoder2 = new TextEncoder();
var keyIds = /* @__PURE__ */ new Map();
var tokens = new Uint32Array(1024);
var numbers = new Float64Array(256);
var bytes = new Uint8Array(4096);
var tokenCount = 0;
var numberCount = 0;
var byteCount = 0;
var newKeys = [];
function pushToken(token) {
  if (tokenCount === tokens.length) {
    const grown = new Uint32Array(tokens.length * 2);
    grown.set(tokens);
    tokens = grown;
  }
  tokens[tokenCount++] = token;
}
function pushNumber(number) {
  if (numberCount === numbers.length) {
    const grown = new Float64Array(numbers.length * 2);
    grown.set(numbers);
    numbers = grown;
  }
  numbers[numberCount++] = number;
}
function pushText(text) {
  const needed = byteCount + text.length * 3;
  if (needed > bytes.length) {
    const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
    grown.set(bytes.subarray(0, byteCount));
    bytes = grown;
  }
  const { written } = encoder2.encodeInto(text, bytes.subarray(byteCount));
  byteCount += written;
  return written;
}
function keyId(key) {
  let id = keyIds.get(key);
  if (id === void 0) {
    id = keyIds.size;
    keyIds.set(key, id);
    newKeys.push(key);
  }
  return id;
}
var skipped = (value) => value === void 0 || typeof value === "function" || typeof value === "symbol";
function walk(value, depth) {
  if (depth > MAX_DEPTH) throw new RangeError(`nests deeper than ${MAX_DEPTH} levels (or refers to itself)`);
  if (value !== null && typeof value === "object" && typeof value.toJSON === "function") value = value.toJSON();
  switch (typeof value) {
    case "number":
      if (value - value === 0) {
        pushToken(TOKEN_NUMBER);
        pushNumber(value);
      } else {
        pushToken(value !== value ? TOKEN_NAN : value > 0 ? TOKEN_INFINITY : TOKEN_NEGATIVE_INFINITY);
      }
      return;
    case "string": {
      pushToken(TOKEN_STRING);
      pushToken(byteCount);
      pushToken(0);
      tokens[tokenCount - 1] = pushText(value);
      return;
    }
    case "boolean":
      pushToken(value ? TOKEN_TRUE : TOKEN_FALSE);
      return;
    case "bigint":
      throw new TypeError("a BigInt has no JSON form");
    case "object": {
      if (value === null) return pushToken(TOKEN_NULL);
      if (Array.isArray(value)) {
        pushToken(TOKEN_ARRAY);
        pushToken(value.length);
        for (const item of value) {
          if (skipped(item)) pushToken(TOKEN_NULL);
          else walk(item, depth + 1);
        }
        return;
      }
      pushToken(TOKEN_OBJECT);
      const countAt = tokenCount;
      pushToken(0);
      let count = 0;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (skipped(item)) continue;
        pushToken(keyId(key));
        walk(item, depth + 1);
        count++;
      }
      tokens[countAt] = count;
      return;
    }
    default:
      pushToken(TOKEN_NULL);
  }
}
function forgetKeys() {
  keyIds.clear();
  core.resetKeyTable();
}
function writeValueTokens(value) {
  if (keyIds.size > KEY_TABLE_LIMIT) forgetKeys();
  tokenCount = 0;
  numberCount = 0;
  byteCount = 0;
  newKeys = [];
  try {
    walk(value, 0);
  } catch (error) {
    for (const key of newKeys) keyIds.delete(key);
    throw error;
  }
  const valueBytes = bytes.slice(0, byteCount);
  byteCount = 0;
  const keyLengths = newKeys.map(pushText);
  const keyBytes = byteCount;
  const f64 = checked(core.reserveInput(numberCount, keyLengths.length + tokenCount)) / 8;
  const bytePointer = checked(core.reserveBytes(keyBytes + valueBytes.length));
  const u32 = core.inputU32() / 4;
  core.HEAPF64.set(numbers.subarray(0, numberCount), f64);
  core.HEAPU32.set(keyLengths, u32);
  core.HEAPU32.set(tokens.subarray(0, tokenCount), u32 + keyLengths.length);
  core.HEAPU8.set(bytes.subarray(0, keyBytes), bytePointer);
  core.HEAPU8.set(valueBytes, bytePointer + keyBytes);
  return { tokens: tokenCount, numbers: numberCount, newKeys: keyLengths.length, newKeyBytes: keyBytes, bytes: keyBytes + valueBytes.length };
}

// js/zod-input.js
function isZodSchema(spec) {
  return spec !== null && typeof spec === "object" && "_zod" in spec && typeof spec.toJSONSchema === "function";
}
var RUNS_CODE = {
  transform: ".transform()",
  custom: "z.custom()",
  catch: ".catch()",
  promise: "z.promise()",
  function: "z.function()",
  success: "z.success()",
  prefault: ".prefault()"
};
function where(path) {
  return `#${path.map((step) => `/${step}`).join("")}`;
}
function refuse(path, what) {
  throw new TypeError(`defineSchema: the Zod schema at ${where(path)} uses ${what}: the core cannot give what Zod gives there; remove it or check that part in your own code`);
}
function pipeName(def) {
  if (def.in._zod.def.type === "transform") return "z.preprocess()";
  if (def.out._zod.def.type === "transform") return ".transform()";
  return ".pipe()";
}
function checkZodNode({ zodSchema, jsonSchema, path }) {
  const def = zodSchema._zod.def;
  if (RUNS_CODE[def.type]) refuse(path, RUNS_CODE[def.type]);
  if (def.type === "pipe") refuse(path, pipeName(def));
  if (def.coerce) refuse(path, "z.coerce");
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def;
    if (checkDef.check === "custom") refuse(path, ".refine(), .superRefine() or .check()");
    if (checkDef.check === "overwrite") refuse(path, "a transforming check (.trim(), .toLowerCase(), .normalize(), .overwrite(), ...)");
    const flags = checkDef.pattern instanceof RegExp ? checkDef.pattern.flags.replace(/[uv]/g, "") : "";
    if (flags) refuse(path, `a regular expression with the flags "${flags}" (JSON Schema's pattern has no flags)`);
  }
  if (def.type === "object" && def.catchall === void 0) jsonSchema["x-stripUnknown"] = true;
  const patterned = typeof jsonSchema.pattern === "string" || jsonSchema.allOf?.some((part) => typeof part.pattern === "string");
  if (patterned && typeof jsonSchema.format === "string") delete jsonSchema.format;
}
function jsonSchemaOfZod(spec) {
  try {
    return spec.toJSONSchema({ io: "input", override: checkZodNode });
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError(`defineSchema: Zod cannot export this schema as JSON Schema (${error.message})`);
  }
}

// js/schema.js
function formatIssues(issues) {
  return issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`).join("; ");
}
var SchemaError = class extends Error {
  constructor(issues, label) {
    super(`${label ? `${label}: ` : ""}${formatIssues(issues)}`);
    this.name = "SchemaError";
    this.issues = issues;
  }
};
function unrepresentable(error) {
  return [{ path: [], code: "invalid_type", message: `Invalid input: not representable as JSON (${error.message})` }];
}
var Schema = class {
  #compile;
  #handle = null;
  #jsonSchema;
  #reshapes;
  // `compile()` gives the core's handle. The built-ins are compiled on first
  // use, so that importing the package does not pay for schemas an app never
  // checks against.
  constructor(compile, name) {
    this.#compile = compile;
    this.name = name;
  }
  get #compiled() {
    if (this.#handle === null) {
      const handle = this.#compile();
      this.#reshapes = checked(core.schemaReshapes(handle));
      this.#handle = handle;
    }
    return this.#handle;
  }
  /** The JSON Schema this validator was compiled from. */
  get jsonSchema() {
    this.#jsonSchema ??= JSON.parse(checked(core.schemaSource(this.#compiled)));
    return this.#jsonSchema;
  }
  /** `{success: true, data}` or `{success: false, error: {issues}}`. */
  safeParse(value) {
    const type = typeof value;
    if (type === "undefined" || type === "function" || type === "symbol") {
      const issue = { path: [], code: "invalid_type", message: `Invalid input: expected a JSON value, received ${type}` };
      return { success: false, error: new SchemaError([issue], this.name) };
    }
    const handle = this.#compiled;
    let answer;
    try {
      answer = this.#reshapes ? this.#checkText(handle, value) : this.#checkTokens(handle, value);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        return { success: false, error: new SchemaError(unrepresentable(error), this.name) };
      }
      throw error;
    }
    if (answer === "") return { success: true, data: value };
    const { data, issues } = JSON.parse(answer);
    if (!issues) return { success: true, data };
    const ordered = issues.map(({ path, code, message, ...details }) => ({ path, code, message, ...details }));
    return { success: false, error: new SchemaError(ordered, this.name) };
  }
  // Schemas with defaults or stripped keys need the value as a document, to reshape it.
  #checkText(handle, value) {
    return checked(core.validate(handle, writeText(toJson(value))));
  }
  #checkTokens(handle, value) {
    const sent = writeValueTokens(value);
    try {
      return checked(core.validateTokens(handle, sent.newKeys, sent.newKeyBytes, sent.tokens, sent.numbers, sent.bytes));
    } catch (error) {
      forgetKeys();
      throw error;
    }
  }
  /** The value (with defaults filled in), or throws `SchemaError`. */
  parse(value) {
    const result = this.safeParse(value);
    if (!result.success) throw result.error;
    return result.data;
  }
};
function defineSchema(spec, name = spec?.title) {
  let jsonSchema = spec;
  if (isZodSchema(spec)) {
    jsonSchema = jsonSchemaOfZod(spec);
  } else if (typeof spec !== "boolean" && (spec === null || typeof spec !== "object" || Array.isArray(spec))) {
    throw new TypeError("defineSchema expects a JSON Schema object or a Zod v4 schema");
  }
  const handle = checked(core.defineSchema(writeText(JSON.stringify(jsonSchema))));
  return new Schema(() => handle, name);
}
function withTimestamp(schema) {
  return defineSchema(
    {
      type: "object",
      properties: { _updatedAt: { type: "integer", minimum: 0 }, data: schema.jsonSchema },
      required: ["_updatedAt", "data"]
    },
    schema.name ? `${schema.name} with timestamp` : void 0
  );
}
var builtinNames = JSON.parse(core.builtinSchemaNames());
var schemas = Object.freeze(
  Object.fromEntries(builtinNames.map((name) => [name, new Schema(() => checked(core.builtinSchema(name)), name)]))
);
var schemaRegistry = {
  get(name) {
    return registered.get(name);
  },
  has(name) {
    return registered.has(name);
  },
  names() {
    return [...registered.keys()];
  },
  register(name, schema) {
    if (typeof name !== "string" || name === "") throw new TypeError("schemaRegistry.register: name must be a non-empty string");
    if (!(schema instanceof Schema)) throw new TypeError("schemaRegistry.register: schema must come from defineSchema");
    if (registered.has(name)) throw new RangeError(`schemaRegistry: "${name}" is already registered`);
    registered.set(name, schema);
    return schema;
  }
};
var registered = new Map(Object.entries(schemas));

// js/storage/batch.js
function validateBatch(batch) {
  if (!Array.isArray(batch)) throw new TypeError("storage write: the batch must be an array of [key, value] pairs");
  batch.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError(`storage write: entry ${i} must be a [key, value] pair`);
    const [key, value] = entry;
    if (typeof key !== "string" || key === "") throw new TypeError(`storage write: entry ${i} needs a non-empty string key`);
    if (value !== null && typeof value !== "string") throw new TypeError(`storage write: entry ${i} ("${key}") needs a string value or null`);
  });
  return batch;
}
function applyBatch(map, batch) {
  for (const [key, value] of batch) {
    if (value === null) map.delete(key);
    else map.set(key, value);
  }
}

// js/storage/memory-storage.js
function openMemoryStorage() {
  const entries = /* @__PURE__ */ new Map();
  return {
    kind: "memory",
    async load() {
      return new Map(entries);
    },
    async write(batch) {
      applyBatch(entries, validateBatch(batch));
    },
    async close() {
    }
  };
}

// js/storage/indexeddb-storage.js
var STORE = "entries";
function requestResult(request2) {
  return new Promise((resolve, reject) => {
    request2.onsuccess = () => resolve(request2.result);
    request2.onerror = () => reject(request2.error);
  });
}
function openDatabase(name) {
  const request2 = indexedDB.open(name, 1);
  request2.onupgradeneeded = () => request2.result.createObjectStore(STORE);
  return requestResult(request2);
}
async function openIndexedDbStorage(name = "default") {
  if (typeof indexedDB === "undefined") throw new Error('IndexedDB is not available here; use storage: "memory" or "fs:<dir>"');
  const db = await openDatabase(`mutual-store:${name}`);
  return {
    kind: "indexeddb",
    async load() {
      const transaction = db.transaction(STORE, "readonly");
      const store = transaction.objectStore(STORE);
      const [keys, values] = await Promise.all([requestResult(store.getAllKeys()), requestResult(store.getAll())]);
      return new Map(keys.map((key, i) => [key, values[i]]));
    },
    write(batch) {
      try {
        validateBatch(batch);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, "readwrite", { durability: "strict" });
        const store = transaction.objectStore(STORE);
        for (const [key, value] of batch) {
          if (value === null) store.delete(key);
          else store.put(value, key);
        }
        transaction.oncomplete = () => resolve();
        transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB write aborted"));
        transaction.onerror = (event) => event.preventDefault();
      });
    },
    async close() {
      db.close();
    }
  };
}

// js/storage/localstorage-storage.js
function openLocalStorageStorage(name = "default") {
  if (typeof localStorage === "undefined") throw new Error("localStorage is not available here");
  const prefix = `mutual-store:${name}:`;
  return {
    kind: "localstorage",
    async load() {
      const entries = /* @__PURE__ */ new Map();
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (key.startsWith(prefix)) entries.set(key.slice(prefix.length), localStorage.getItem(key));
      }
      return entries;
    },
    async write(batch) {
      validateBatch(batch);
      const undo = [];
      try {
        for (const [key, value] of batch) {
          undo.push([key, localStorage.getItem(prefix + key)]);
          if (value === null) localStorage.removeItem(prefix + key);
          else localStorage.setItem(prefix + key, value);
        }
      } catch (error) {
        for (const [key, previous] of undo.reverse()) {
          if (previous === null) localStorage.removeItem(prefix + key);
          else localStorage.setItem(prefix + key, previous);
        }
        throw error;
      }
    },
    async close() {
    }
  };
}

// js/node-only.js
var nodeOnly = {
  /** Resolves to the `ws` client class, for platforms without a global WebSocket. */
  loadWebSocket: null,
  /** openFileStorage(dir, options) behind storage 'fs:<dir>'. */
  openFileStorage: null,
  /** Resolves to an RTCPeerConnection class, for `webrtc: true` where there is none. */
  loadRTCPeerConnection: null
};

// js/storage/index.js
function isAdapter(value) {
  return value !== null && typeof value === "object" && ["load", "write", "close"].every((method) => typeof value[method] === "function");
}
function defaultStorageSpec() {
  return typeof indexedDB !== "undefined" ? "indexeddb" : "memory";
}
async function openStorage(spec = defaultStorageSpec(), name = "default", options = {}) {
  if (isAdapter(spec)) return spec;
  if (spec === "memory") return openMemoryStorage();
  if (spec === "indexeddb") return openIndexedDbStorage(name);
  if (spec === "localstorage") return openLocalStorageStorage(name);
  if (typeof spec === "string" && spec.startsWith("fs:")) {
    if (!nodeOnly.openFileStorage) throw new TypeError("storage 'fs:<dir>' needs Node and the package's Node entry (import 'mutual-store' in Node)");
    return nodeOnly.openFileStorage(spec.slice(3), options);
  }
  throw new TypeError(
    `storage must be 'memory', 'indexeddb', 'localstorage', 'fs:<dir>' or an object with load/write/close (got ${JSON.stringify(spec)})`
  );
}

// js/peer/soul-names.js
var userSoul = (pub) => USER_SOUL_PREFIX + pub;
var aliasSoul = (alias) => ALIAS_SOUL_PREFIX + alias;
function isUsableKey(key) {
  return typeof key === "string" && key !== "" && key !== META_KEY;
}

// js/peer/put-value.js
function checkPutValue(value, path = "value") {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${path} must be a finite number (got ${value})`);
    return;
  }
  if (Array.isArray(value)) throw new TypeError(`${path} is an array; the graph holds no arrays (use an object keyed by id, or put(item, true) for a set)`);
  if (typeof value !== "object") throw new TypeError(`${path} cannot be stored (got ${typeof value})`);
  for (const key of Object.keys(value)) {
    if (!isUsableKey(key)) throw new RangeError(`${path} has the key ${JSON.stringify(key)}, which is reserved`);
    checkPutValue(value[key], `${path}.${key}`);
  }
}
function randomKey() {
  const bytes2 = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes2)).replace(/\+/g, "-").replace(/\//g, "_");
}

// js/peer/chain.js
var Chain = class _Chain {
  #peer;
  #root;
  #path;
  #soul;
  #field;
  constructor(peer, root, path = []) {
    this.#peer = peer;
    this.#root = root;
    this.#path = path;
    this.#soul = root === null ? null : [root, ...path.slice(0, -1)].join("/");
    this.#field = path.length ? path[path.length - 1] : void 0;
  }
  /**
   * The chain one key further down. A lex object instead of a key —
   * {".": "exact"}, {".": {"*": "prefix"}}, {".": {">": "a", "<": "m"}}, with
   * an optional "%": limit — selects the matching fields (read with once()).
   */
  next(key) {
    if (this.#soul !== null && key !== null && typeof key === "object" && !Array.isArray(key) && "." in key) {
      return new LexChain(this.#peer, [this.#root, ...this.#path].join("/"), key);
    }
    if (this.#soul === null || !isUsableKey(key)) return new _Chain(this.#peer, null);
    return new _Chain(this.#peer, this.#root, [...this.#path, key]);
  }
  get(key) {
    return this.next(key);
  }
  /** Where this chain points: {soul, field}. */
  get location() {
    return { soul: this.#soul, field: this.#field };
  }
  /**
   * Writes `value` here (objects merge field by field; null deletes). With
   * `asSet` true, adds `value` under a new random key instead and resolves
   * to that key. Resolves once this peer's storage holds the write: durable
   * for IndexedDB and fs:, best-effort for localStorage.
   */
  async put(value, asSet = false) {
    if (this.#soul === null) throw new TypeError('put: every key on the path must be a non-empty string other than "_"');
    if (value === void 0) throw new TypeError("put: value is undefined (use null to delete)");
    if (asSet === true) {
      const key = randomKey();
      await this.next(key).put(value);
      return key;
    }
    checkPutValue(value);
    if (this.#field === void 0 && (value === null || typeof value !== "object")) {
      throw new TypeError(`put: "${this.#soul}" is a node; put an object of fields on it, or next(key).put(value)`);
    }
    const nested = this.#path.reduceRight((inner, key) => ({ [key]: inner }), value);
    await this.#peer._put(this.#root, nested);
  }
  /**
   * The current value (objects read deep), or null. A peer that syncs asks
   * its relays first; offline it answers from local data at once.
   */
  async once() {
    if (this.#soul === null) return null;
    await this.#peer._fetch(this.#soul, this.#field);
    return this.#peer._read(this.#soul, this.#field).value;
  }
  /**
   * Calls `callback(value, key)` after every update with the whole current
   * value; with {get: true} also at once with the current value. Returns a
   * function that stops it.
   */
  on(callback, { get = false } = {}) {
    if (typeof callback !== "function") throw new TypeError("on: callback must be a function");
    if (this.#soul === null) {
      if (get) queueMicrotask(() => callback(null, void 0));
      return () => {
      };
    }
    return this.#peer._listen(this.#soul, this.#field, callback, get);
  }
  /** Stops `callback` here, or every callback here when none is given. */
  off(callback) {
    if (this.#soul !== null) this.#peer._unlisten(this.#soul, this.#field, callback);
  }
};
var LexChain = class {
  #peer;
  #soul;
  #lex;
  constructor(peer, soul, lex) {
    this.#peer = peer;
    this.#soul = soul;
    this.#lex = lex;
  }
  /** The matching fields as an object (nested objects read deep), or null. */
  async once() {
    await this.#peer._fetch(this.#soul);
    return this.#peer._lex(this.#soul, this.#lex);
  }
};

// js/peer/session.js
var DATABASE = "mutual-store-sessions";
var STORE2 = "sessions";
function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
async function database() {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE2);
  return request(opening);
}
async function withStore(mode, action) {
  const db = await database();
  try {
    const transaction = db.transaction(STORE2, mode);
    const result = await request(action(transaction.objectStore(STORE2)));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  } finally {
    db.close();
  }
}
var sessionsAvailable = () => typeof indexedDB !== "undefined" && typeof crypto?.subtle !== "undefined";
var toBase64Url = (bytes2) => btoa(String.fromCharCode(...bytes2)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
function newSessionSecret() {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}
async function rememberSession(name, { alias, record, secret }) {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(secret));
  await withStore("readwrite", (store) => store.put({ alias, record, key, iv, wrapped }, name));
}
async function recallSession(name) {
  const saved = await withStore("readonly", (store) => store.get(name));
  if (!saved) return null;
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: saved.iv }, saved.key, saved.wrapped);
  return { alias: saved.alias, record: saved.record, secret: new TextDecoder().decode(plain) };
}
async function forgetSession(name) {
  await withStore("readwrite", (store) => store.delete(name));
}

// js/peer/user.js
function requireText(value, name) {
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string`);
  return value;
}
var User = class {
  #peer;
  /** The keyring slot of the signed-in user (0: nobody). */
  slot = 0;
  /** {alias, pub, epub} while signed in, else null. */
  is = null;
  #watchers = /* @__PURE__ */ new Set();
  /** Aliases whose create() has not finished: checking "taken" and registering are not one step. */
  #creating = /* @__PURE__ */ new Set();
  constructor(peer) {
    this.#peer = peer;
  }
  // The pubs registered under `alias` (entries set to null are deleted accounts).
  async #pubsOf(alias) {
    await this.#peer._fetch(aliasSoul(alias));
    const { value } = this.#peer._read(aliasSoul(alias), void 0);
    return Object.entries(value ?? {}).filter(([, link]) => link !== null).map(([pub]) => pub);
  }
  /** Creates an account; resolves to {pub}. Does not sign in. */
  async create(alias, password) {
    requireText(alias, "alias");
    requireText(password, "password");
    if (this.#creating.has(alias)) throw new Error(`alias "${alias}" is being created already on this peer`);
    this.#creating.add(alias);
    let slot = 0;
    try {
      if ((await this.#pubsOf(alias)).length > 0) throw new Error(`alias "${alias}" is taken`);
      slot = checked(core.keyringCreate());
      const pub = core.keyringPub(slot);
      const record = checked(core.keyRecordSealForAlias(slot, password, this.#peer.passwordCost === "test", alias));
      await this.#peer._put(userSoul(pub), { alias, pub, epub: core.keyringEpub(slot), auth: record }, slot);
      await this.#peer._registerAlias(alias, slot);
      return { pub };
    } finally {
      if (slot) core.keyringForget(slot);
      this.#creating.delete(alias);
    }
  }
  /**
   * Signs in; throws "wrong password" or "no user" errors. Resolves to `is`.
   * With {remember: true} (browsers), recall() signs in again after a reload.
   */
  async auth(alias, password, { remember = false } = {}) {
    requireText(alias, "alias");
    requireText(password, "password");
    const pubs = await this.#pubsOf(alias);
    if (pubs.length === 0) throw new Error(`no user "${alias}" is known here`);
    const records = pubs.map((pub) => this.#peer._read(userSoul(pub), "auth").value).filter((record) => typeof record === "string");
    const slot = checked(core.keyRecordSignIn(JSON.stringify(records), alias, password));
    this.#signOut();
    this.slot = slot;
    this.is = { alias, pub: core.keyringPub(slot), epub: core.keyringEpub(slot) };
    this.#announce();
    if (remember) await this.#remember(alias);
    return this.is;
  }
  async #remember(alias) {
    if (!sessionsAvailable()) throw new Error("remember: sessions can only be remembered where IndexedDB and WebCrypto exist");
    const secret = newSessionSecret();
    const record = checked(core.keyRecordSeal(this.slot, secret, true));
    await rememberSession(this.#peer.sessionName, { alias, record, secret });
  }
  /** Signs in with the session remembered by auth(…, {remember: true}); resolves to whether it could. */
  async recall() {
    if (!sessionsAvailable()) return false;
    const session = await recallSession(this.#peer.sessionName).catch(() => null);
    if (!session) return false;
    let slot;
    try {
      slot = checked(core.keyRecordOpen(session.record, session.secret));
    } catch {
      await forgetSession(this.#peer.sessionName);
      return false;
    }
    this.#signOut();
    this.slot = slot;
    this.is = { alias: session.alias, pub: core.keyringPub(slot), epub: core.keyringEpub(slot) };
    this.#announce();
    return true;
  }
  #signOut() {
    if (this.slot) {
      this.#peer._beforeSignOut(this.slot);
      core.keyringForget(this.slot);
    }
    this.slot = 0;
    this.is = null;
  }
  /** Wipes the keys when the peer closes, keeping a remembered session. */
  signOutForClose() {
    this.#signOut();
  }
  /**
   * Signs out: the keys are wiped from the keyring at once; resolves when a
   * remembered session is forgotten too.
   */
  async leave() {
    this.#signOut();
    this.#announce();
    if (sessionsAvailable()) await forgetSession(this.#peer.sessionName);
  }
  /**
   * Calls `callback(is)` after every sign-in (auth, recall) and sign-out
   * (leave, delete); returns a function that stops it. Stores use it to
   * follow whoever is signed in.
   */
  _watch(callback) {
    this.#watchers.add(callback);
    return () => this.#watchers.delete(callback);
  }
  #announce() {
    for (const callback of [...this.#watchers]) {
      try {
        callback(this.is);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
  #requireAuth(what) {
    if (!this.is) throw new Error(`${what}: not authenticated (call user.auth first)`);
  }
  /** Re-encrypts the keys under a new password; the old one stops working. */
  async change(alias, oldPassword, newPassword) {
    requireText(newPassword, "new password");
    await this.auth(alias, oldPassword);
    const record = checked(core.keyRecordSealForAlias(this.slot, newPassword, this.#peer.passwordCost === "test", alias));
    await this.#peer._put(userSoul(this.is.pub), { auth: record });
  }
  /** Deletes the account: its key record and alias entry; signs out. */
  async delete(alias, password) {
    await this.auth(alias, password);
    await this.#peer._put(userSoul(this.is.pub), { auth: null });
    await this.#peer._registerAlias(alias, this.slot, true);
    await this.leave();
  }
  /**
   * A chain in this user's space (`get('allocation/commitment')`), or in
   * another user's (`get([pub, key])`), which anyone may read.
   */
  get(path) {
    if (Array.isArray(path)) {
      const [pub, key] = path;
      return isUsableKey(pub) ? new Chain(this.#peer, userSoul(pub)).next(key) : new Chain(this.#peer, null);
    }
    this.#requireAuth("user.get");
    return new Chain(this.#peer, userSoul(this.is.pub)).next(path);
  }
  /** Encrypts `data` (any JSON value) so only this user can read it. */
  async encrypt(data) {
    this.#requireAuth("encrypt");
    return checked(core.encryptPersonal(this.slot, JSON.stringify(data)));
  }
  async decrypt(sealed) {
    this.#requireAuth("decrypt");
    return JSON.parse(checked(core.decryptPersonal(this.slot, sealed)));
  }
  /** The key this user shares with the owner of `epub` (the same from both sides). */
  async secret(epub) {
    this.#requireAuth("secret");
    return checked(core.sharedSecret(this.slot, epub));
  }
};

// js/peer/stored-fields.js
function entriesOfPartialGraph(partial) {
  const entries = [];
  for (const [soul, node] of Object.entries(partial)) {
    const meta = node[META_KEY];
    for (const field of Object.keys(node)) {
      if (field === META_KEY) continue;
      const signature = ownValue(meta.s, field);
      const stored = signature ? [node[field], meta[">"][field], signature] : [node[field], meta[">"][field]];
      entries.push([JSON.stringify([soul, field]), JSON.stringify(stored)]);
    }
  }
  return entries;
}
function pendingEntries(partial) {
  const entries = [];
  for (const [soul, node] of Object.entries(partial)) {
    for (const [field, state] of Object.entries(node._[">"])) entries.push([pendingKey(soul, field), JSON.stringify(state)]);
  }
  return entries;
}
function pendingKey(soul, field) {
  return JSON.stringify([soul, field, "pending"]);
}
function nodeOf(soul) {
  const meta = /* @__PURE__ */ Object.create(null);
  meta["#"] = soul;
  meta[">"] = /* @__PURE__ */ Object.create(null);
  const node = /* @__PURE__ */ Object.create(null);
  node._ = meta;
  return node;
}
function partialGraphOfEntries(entries, onBadEntry, onPending = () => {
}) {
  const partial = /* @__PURE__ */ Object.create(null);
  for (const [key, text] of entries) {
    try {
      const parsedKey = JSON.parse(key);
      if (parsedKey.length === 3 && parsedKey[2] === "pending") {
        const state2 = JSON.parse(text);
        if (typeof parsedKey[0] !== "string" || typeof parsedKey[1] !== "string" || !Number.isFinite(state2)) throw new TypeError("bad pending mark");
        onPending(parsedKey[0], parsedKey[1], state2);
        continue;
      }
      const [soul, field] = parsedKey;
      const [value, state, signature] = JSON.parse(text);
      if (typeof soul !== "string" || typeof field !== "string" || field === META_KEY) throw new TypeError("bad key");
      const node = partial[soul] ??= nodeOf(soul);
      node[field] = value;
      node._[">"][field] = state;
      if (signature) (node._.s ??= /* @__PURE__ */ Object.create(null))[field] = signature;
    } catch (error) {
      onBadEntry(key, error);
    }
  }
  return partial;
}

// js/net/backoff.js
var DEFAULT_BACKOFF = { baseMs: 250, capMs: 1e4 };
function retryDelay(attempt, retryCeilingMs, { baseMs, capMs } = DEFAULT_BACKOFF, random = Math.random) {
  const ceiling = retryCeilingMs(attempt, baseMs, capMs);
  return ceiling / 2 + ceiling / 2 * random();
}

// js/net/websocket-link.js
async function webSocketClass() {
  if (globalThis.WebSocket) return globalThis.WebSocket;
  if (!nodeOnly.loadWebSocket) throw new Error("mutual-store: no WebSocket here; in Node, import the package by name (its Node entry brings `ws`)");
  return nodeOnly.loadWebSocket();
}
function openWebSocketLink(url, events, retryCeilingMs, backoff = DEFAULT_BACKOFF) {
  let settleFirstAttempt;
  const firstAttempt = new Promise((resolve) => settleFirstAttempt = resolve);
  let socket = null;
  let isOpen = false;
  let closed = false;
  let attempt = 0;
  let timer = null;
  function retry() {
    settleFirstAttempt(false);
    if (closed) return;
    timer = setTimeout(dial, retryDelay(attempt++, retryCeilingMs, backoff));
  }
  async function dial() {
    timer = null;
    let current;
    try {
      const WebSocketClass = await webSocketClass();
      if (closed) return;
      current = new WebSocketClass(url);
    } catch (error) {
      events.error?.(error);
      retry();
      return;
    }
    socket = current;
    current.onopen = () => {
      attempt = 0;
      isOpen = true;
      settleFirstAttempt(true);
      events.open();
    };
    current.onmessage = (event) => {
      if (typeof event.data === "string") events.message(event.data);
    };
    current.onerror = () => {
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (isOpen) {
        isOpen = false;
        events.close();
      } else {
        events.failed?.();
      }
      retry();
    };
  }
  dial();
  return {
    firstAttempt,
    get open() {
      return isOpen;
    },
    send(text) {
      if (!isOpen) return false;
      socket.send(text);
      return true;
    },
    close() {
      closed = true;
      settleFirstAttempt(false);
      clearTimeout(timer);
      const current = socket;
      socket = null;
      if (isOpen) {
        isOpen = false;
        events.close();
      }
      current?.close();
    }
  };
}

// js/net/direct-links.js
var CHANNEL_LABEL = "mutual-store";
var OPEN_TIMEOUT_MS = 15e3;
var RETRY_BASE_MS = 1e3;
var RETRY_MAX_MS = 3e4;
var MAX_ATTEMPTS = 6;
var MAX_CONNECTING = 32;
var DirectLinks = class {
  #RTCPeerConnection;
  #iceServers;
  #ownId;
  #signal;
  #opened;
  #calls = /* @__PURE__ */ new Map();
  // rtc id → {connection, candidates queued before the remote description, offered}
  #inbox = /* @__PURE__ */ new Map();
  // rtc id → the handling of its latest signal (signals run in order)
  #attempts = /* @__PURE__ */ new Map();
  // rtc id → calls to it that failed in a row
  #retryTimers = /* @__PURE__ */ new Map();
  // rtc id → timer of the next call
  #closed = false;
  constructor({ RTCPeerConnection, iceServers = [], ownId, signal, opened }) {
    this.#RTCPeerConnection = RTCPeerConnection;
    this.#iceServers = iceServers;
    this.#ownId = ownId;
    this.#signal = signal;
    this.#opened = opened;
  }
  get ownId() {
    return this.#ownId;
  }
  #connecting() {
    let count = 0;
    for (const call of this.#calls.values()) if (!call.opened) count++;
    return count;
  }
  /** Calls `id` unless a connection to it exists already (or too many are being set up). */
  async call(id) {
    if (this.#closed || id === this.#ownId || this.#calls.has(id) || this.#connecting() >= MAX_CONNECTING) return;
    clearTimeout(this.#retryTimers.get(id));
    this.#retryTimers.delete(id);
    const call = this.#start(id, true);
    const channel = call.connection.createDataChannel(CHANNEL_LABEL);
    this.#watch(id, call, channel);
    const offer = await call.connection.createOffer();
    await call.connection.setLocalDescription(offer);
    this.#sendDescription(id, call, offer);
  }
  /**
   * A signal from `from`, passed on by a relay. Signals from one peer are
   * handled one after another, in order: a candidate must not reach a
   * connection while its remote description is still being set.
   * Malformed ones are ignored.
   */
  receive(signal) {
    const previous = this.#inbox.get(signal.from) ?? Promise.resolve();
    const next = previous.then(() => this.#handleSignal(signal));
    this.#inbox.set(signal.from, next);
    next.then(() => {
      if (this.#inbox.get(signal.from) === next) this.#inbox.delete(signal.from);
    });
    return next;
  }
  async #handleSignal({ from, data }) {
    if (this.#closed) return;
    try {
      if (data.sdp?.type === "offer") await this.#answer(from, data.sdp);
      else if (data.sdp?.type === "answer") await this.#accept(from, data.sdp);
      else if (typeof data.candidate === "string") await this.#addCandidate(from, data);
    } catch {
      this.#hangUp(from);
    }
  }
  close() {
    this.#closed = true;
    for (const timer of this.#retryTimers.values()) clearTimeout(timer);
    this.#retryTimers.clear();
    for (const id of [...this.#calls.keys()]) this.#hangUp(id);
  }
  async #answer(from, sdp) {
    const existing = this.#calls.get(from);
    if (!existing && this.#connecting() >= MAX_CONNECTING) return;
    if (existing) {
      if (existing.offered && this.#ownId > from) return;
      this.#hangUp(from);
    }
    const call = this.#start(from, false);
    call.connection.ondatachannel = (event) => this.#watch(from, call, event.channel);
    await this.#setRemote(call, sdp);
    const answer = await call.connection.createAnswer();
    await call.connection.setLocalDescription(answer);
    this.#sendDescription(from, call, answer);
  }
  async #accept(from, sdp) {
    const call = this.#calls.get(from);
    if (call) await this.#setRemote(call, sdp);
  }
  // Candidates that came before the remote description are added after it.
  async #setRemote(call, sdp) {
    await call.connection.setRemoteDescription(sdp);
    call.remoteSet = true;
    for (const candidate of call.queued.splice(0)) await call.connection.addIceCandidate(candidate);
  }
  // Our description goes out before any of our candidates (gathering starts
  // with setLocalDescription, so candidates can be ready first): the other
  // end ignores candidates for a call it has not heard of.
  #sendDescription(id, call, description) {
    this.#signal(id, { sdp: { type: description.type, sdp: description.sdp } });
    call.described = true;
    for (const candidate of call.unsent.splice(0)) this.#signal(id, candidate);
  }
  async #addCandidate(from, { candidate, sdpMid }) {
    const call = this.#calls.get(from);
    if (!call) return;
    const init = { candidate, sdpMid: typeof sdpMid === "string" ? sdpMid : "0" };
    if (call.remoteSet) await call.connection.addIceCandidate(init);
    else call.queued.push(init);
  }
  #start(id, offered) {
    const connection = new this.#RTCPeerConnection({ iceServers: this.#iceServers });
    const call = { connection, queued: [], unsent: [], described: false, offered };
    call.openTimer = setTimeout(() => this.#hangUp(id, call), OPEN_TIMEOUT_MS);
    this.#calls.set(id, call);
    connection.onicecandidate = (event) => {
      if (!event.candidate?.candidate) return;
      const candidate = { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid };
      if (call.described) this.#signal(id, candidate);
      else call.unsent.push(candidate);
    };
    connection.onconnectionstatechange = () => {
      if (["failed", "closed"].includes(connection.connectionState)) this.#hangUp(id, call);
    };
    return call;
  }
  #watch(id, call, channel) {
    channel.onopen = () => {
      if (this.#calls.get(id) !== call) return;
      clearTimeout(call.openTimer);
      call.opened = true;
      this.#attempts.delete(id);
      call.link = this.#opened(channel, () => this.#hangUp(id, call));
    };
  }
  #hangUp(id, call = this.#calls.get(id)) {
    if (!call || this.#calls.get(id) !== call) return;
    this.#calls.delete(id);
    clearTimeout(call.openTimer);
    call.link?.close();
    try {
      call.connection.close();
    } catch {
    }
    if (call.offered) this.#retryLater(id, call.opened);
  }
  // A channel that was open and closed is called again at once (after the
  // first delay); one that never opened counts towards the bound.
  #retryLater(id, wasOpen) {
    if (this.#closed) return;
    const failed = wasOpen ? 0 : (this.#attempts.get(id) ?? 0) + 1;
    if (failed >= MAX_ATTEMPTS) return;
    this.#attempts.set(id, failed);
    const delay = core.retryCeilingMs(failed, RETRY_BASE_MS, RETRY_MAX_MS);
    this.#retryTimers.set(id, setTimeout(() => {
      this.#retryTimers.delete(id);
      this.call(id).catch(() => this.#hangUp(id));
    }, delay));
  }
};

// js/peer/peer-sync.js
var FETCH_TIMEOUT_MS = 3e3;
var MAX_FRAME_BYTES = 1 << 20;
function randomHex(bytes2) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes2)), (b) => b.toString(16).padStart(2, "0")).join("");
}
function utf8Bytes(text) {
  let bytes2 = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 55296 && code <= 56319) {
      bytes2 += 2;
      i++;
    } else if (code >= 2048) bytes2 += 2;
    else if (code >= 128) bytes2 += 1;
  }
  return bytes2;
}
function checkPeerUrl(url) {
  if (typeof url !== "string" || !/^wss?:\/\/./.test(url)) {
    throw new TypeError(`peers: expected WebSocket URLs like "ws://host:8765" (got ${JSON.stringify(url)})`);
  }
  return url;
}
var PeerSync = class {
  #client;
  #events;
  #links = /* @__PURE__ */ new Map();
  // connection id → link
  #nextConnection = 1;
  #followed = /* @__PURE__ */ new Set();
  #fetches = /* @__PURE__ */ new Map();
  // get id → resolve
  #syncedWaiters = [];
  #direct = null;
  // DirectLinks when WebRTC is on
  #rtcVia = /* @__PURE__ */ new Map();
  // rtc id → the relay connection it is reachable through
  #closed = false;
  // sockets and channels may still report after close(): ignored
  #bytesIn = 0;
  #bytesOut = 0;
  #offlineSince = Date.now();
  // no relay connection open since then (null: one is open)
  /** `webrtc`: null, or {RTCPeerConnection, iceServers} to open direct channels. */
  constructor(peerHandle, events, webrtc = null) {
    this.#client = checked(core.clientCreate(peerHandle, `${randomHex(6)}-`, MAX_FRAME_BYTES));
    this.#events = events;
    if (webrtc) {
      this.#direct = new DirectLinks({
        ...webrtc,
        ownId: randomHex(8),
        signal: (to, data) => {
          const via = this.#rtcVia.get(to);
          if (via !== void 0 && !this.#closed) this.#handle(core.clientSignal(this.#client, via, to, JSON.stringify(data)));
        },
        opened: (channel, hangUp) => this.#openDirect(channel, hangUp)
      });
    }
  }
  /** The id this peer takes direct connections under (null without WebRTC). */
  get rtcId() {
    return this.#direct?.ownId ?? null;
  }
  restorePending(soul, field, state) {
    core.clientRestorePending(this.#client, soul, field, state);
  }
  /** Keeps a connection to the relay at `url`; returns a function that ends it. */
  connect(url) {
    checkPeerUrl(url);
    const id = this.#nextConnection++;
    const link = openWebSocketLink(url, {
      open: () => {
        if (this.#closed) return;
        this.#offlineSince = null;
        this.#handle(core.clientOnOpen(this.#client, id, true));
        if (this.#direct) this.#handle(core.clientHello(this.#client, id, this.#direct.ownId), id);
        this.#events.relayOpened();
      },
      message: (text) => {
        if (this.#closed) return;
        this.#bytesIn += utf8Bytes(text);
        this.#handle(core.clientOnFrame(this.#client, id, text, Date.now()), id);
      },
      close: () => {
        if (this.#closed) return;
        core.clientOnClose(this.#client, id);
        if (!this.connected) this.#offlineSince ??= Date.now();
        this.#events.presence();
        this.#events.traffic();
      },
      error: (error) => this.#events.error(error),
      failed: () => this.#closed || this.#events.traffic()
    }, core.retryCeilingMs);
    link.url = url;
    this.#links.set(id, link);
    return () => {
      link.close();
      this.#links.delete(id);
      this.#events.traffic();
    };
  }
  /**
   * What the network side is doing: relays (by URL, open or not), the time
   * since when none is open (null while one is), direct channels, writes not
   * yet acknowledged, bytes of frames in and out (UTF-8).
   */
  status() {
    const relays = [...this.#links.values()].filter((link) => !link.direct).map((link) => ({ url: link.url, open: link.open }));
    return {
      relays,
      offlineSince: relays.some((relay) => relay.open) ? null : this.#offlineSince,
      directChannels: this.directChannels,
      pendingWrites: this.pending,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut
    };
  }
  // ---- presence (core/sync/presence.h): relays only ----
  followPresence() {
    if (!this.#closed) this.#handle(core.clientFollowPresence(this.#client));
  }
  /** Signs `stateText` (an object's JSON, or "null" to leave) as the user in keyring `slot`, and sends it to every open relay. */
  announcePresence(slot, stateText) {
    if (!this.#closed) this.#handle(core.clientAnnouncePresence(this.#client, slot, stateText, Date.now()));
  }
  /** Drops keys silent past the timeout; whether any went. */
  expirePresence() {
    return !this.#closed && core.clientExpirePresence(this.#client, Date.now());
  }
  /** Who relays say is present: [[pub, state JSON text], …]. */
  presence() {
    return this.#closed ? [] : JSON.parse(checked(core.clientPresence(this.#client)));
  }
  /** How long presence lasts without a heartbeat, as the relays said (ms). */
  get presenceTimeout() {
    return this.#closed ? Infinity : core.clientPresenceTimeout(this.#client);
  }
  get connected() {
    return [...this.#links.values()].some((link) => link.open && !link.direct);
  }
  /** How many direct (WebRTC) channels are open. */
  get directChannels() {
    return [...this.#links.values()].filter((link) => link.direct).length;
  }
  // A data channel to another peer opened: it carries frames like a relay
  // connection, but never acknowledges writes (only relays make them durable).
  #openDirect(channel, hangUp) {
    if (this.#closed) return { close: () => channel.close() };
    const id = this.#nextConnection++;
    const link = {
      direct: true,
      open: true,
      firstAttempt: Promise.resolve(true),
      send: (text) => {
        try {
          channel.send(text);
          return true;
        } catch {
          return false;
        }
      },
      close: () => hangUp()
    };
    const closed = () => {
      if (this.#closed || !this.#links.has(id)) return;
      this.#links.delete(id);
      core.clientOnClose(this.#client, id);
      hangUp();
    };
    channel.onmessage = (event) => {
      if (!this.#closed && typeof event.data === "string") this.#handle(core.clientOnFrame(this.#client, id, event.data, Date.now()), id);
    };
    channel.onclose = closed;
    this.#links.set(id, link);
    this.#handle(core.clientOnOpen(this.#client, id, false), id);
    return { close: () => {
      closed();
      try {
        channel.close();
      } catch {
      }
    } };
  }
  /**
   * Resolves once a link is open or every link's first attempt has failed:
   * a peer created a moment ago is not "offline" before it has tried.
   */
  async settled() {
    const links = [...this.#links.values()];
    if (!links.length || this.connected) return;
    await new Promise((resolve) => {
      let failed = 0;
      for (const link of links) {
        link.firstAttempt.then((opened) => {
          if (opened || ++failed === links.length) resolve();
        });
      }
    });
  }
  /** Asks the network for `soul` now and after every reconnect. */
  follow(soul) {
    if (this.#closed || this.#followed.has(soul)) return;
    this.#followed.add(soul);
    this.#handle(core.clientFollow(this.#client, soul));
  }
  /**
   * Asks for `soul` and resolves when one connection has answered (the
   * answer merged), at once when none is open, or after a timeout.
   */
  fetch(soul) {
    if (this.#closed) return Promise.resolve();
    this.#followed.add(soul);
    const { getId } = this.#handle(core.clientFollow(this.#client, soul));
    if (!getId) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#answered(getId), FETCH_TIMEOUT_MS);
      this.#fetches.set(getId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  /** Local writes (a put's applied partial graph), already durable here. */
  publish(applied) {
    if (this.#closed) return;
    this.#handle(core.clientPublish(this.#client, JSON.stringify(applied)));
  }
  get pending() {
    return this.#closed ? 0 : core.clientPendingCount(this.#client);
  }
  /** Resolves once every local write so far is held by a relay. */
  synced() {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#syncedWaiters.push(resolve));
  }
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#direct?.close();
    for (const link of [...this.#links.values()]) link.close();
    this.#links.clear();
    for (const getId of [...this.#fetches.keys()]) this.#answered(getId);
    core.clientDestroy(this.#client);
  }
  #answered(getId) {
    const resolve = this.#fetches.get(getId);
    this.#fetches.delete(getId);
    resolve?.();
  }
  // `via`: the connection the answer concerns (where signals came from).
  #handle(answerText, via) {
    if (this.#closed) return {};
    const outcome = JSON.parse(checked(answerText));
    for (const { to, text } of outcome.send) {
      if (this.#links.get(to)?.send(text)) this.#bytesOut += utf8Bytes(text);
    }
    if (outcome.changed.length || outcome.waiting) this.#events.incoming(outcome);
    if (outcome.acknowledged.length) {
      this.#events.acknowledged(outcome.acknowledged);
      if (this.pending === 0) for (const resolve of this.#syncedWaiters.splice(0)) resolve();
    }
    for (const getId of outcome.answered) this.#answered(getId);
    for (const message of outcome.errors) this.#events.error(new Error(message));
    if (outcome.presence) this.#events.presence();
    this.#events.traffic();
    if (this.#direct && via !== void 0) {
      for (const rtcId of outcome.rtcPeers) {
        this.#rtcVia.set(rtcId, via);
        this.#direct.call(rtcId).catch((error) => this.#events.error(error));
      }
      for (const signal of outcome.signals) {
        this.#rtcVia.set(signal.from, via);
        this.#direct.receive(signal);
      }
    }
    return outcome;
  }
};

// js/net/tab-link.js
function sharesStorageAcrossTabs(storageSpec) {
  return (storageSpec === "indexeddb" || storageSpec === "localstorage") && typeof BroadcastChannel === "function";
}
function openTabLink(channelName, deliver) {
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event) => {
    if (typeof event.data === "string") deliver(event.data);
  };
  return {
    send: (partialGraph) => channel.postMessage(JSON.stringify(partialGraph)),
    close: () => channel.close()
  };
}

// js/store/readable.js
var notifier = ownQueuedWritable;
try {
  notifier = (await import("svelte/store")).writable;
} catch {
}
var pending = [];
function ownQueuedWritable(initial, start) {
  let value = initial;
  let stop = null;
  const subscribers = /* @__PURE__ */ new Set();
  return {
    subscribe(run, invalidate = () => {
    }) {
      const subscriber = [run, invalidate];
      subscribers.add(subscriber);
      if (subscribers.size === 1) stop = start() ?? null;
      run(value);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size > 0) return;
        stop?.();
        stop = null;
      };
    },
    set(next) {
      value = next;
      const flushHere = pending.length === 0;
      for (const subscriber of subscribers) {
        subscriber[1]();
        pending.push(subscriber, next);
      }
      if (!flushHere) return;
      for (let i = 0; i < pending.length; i += 2) pending[i][0](pending[i + 1]);
      pending.length = 0;
    }
  };
}
function createReadable(initial, start = () => {
}) {
  let box = { value: initial };
  const inner = notifier(box, () => start() ?? void 0);
  return {
    subscribe(run, invalidate) {
      if (typeof run !== "function") throw new TypeError("subscribe: expects a function");
      return inner.subscribe((delivered) => run(delivered.value), invalidate);
    },
    get: () => box.value,
    // `unchanged`: the caller decided `next` equals the current value; it is
    // held (get() and new subscribers see it) without calling anyone.
    set(next, unchanged = false) {
      const same = next === box.value && (next === null || typeof next !== "object") && typeof next !== "function";
      if (unchanged || same) {
        box.value = next;
        return;
      }
      box = { value: next };
      inner.set(box);
    }
  };
}

// js/peer/presence.js
var DEFAULT_TIMEOUT_MS = 3e4;
var Presence = class {
  #peer;
  #sync;
  // () → PeerSync or null
  #own = null;
  // {slot, pub, text} while announced
  #timer = null;
  #period = 0;
  // of the timer: a third of the relays' timeout
  #following = false;
  #shown = "";
  #value;
  constructor(peer, sync) {
    this.#peer = peer;
    this.#sync = sync;
    this.#value = createReadable(/* @__PURE__ */ Object.create(null), () => {
      this.#following = true;
      this.#sync()?.followPresence();
      this.#schedule();
    });
  }
  /**
   * Who is present, by public key: a null-prototype object of pub → state,
   * the signed-in user's own state included once set. A Svelte store.
   */
  subscribe(run, invalidate) {
    return this.#value.subscribe(run, invalidate);
  }
  /** Announces `state` (a plain object, at most 1 KiB of JSON) as the signed-in user; repeated until clear(), sign-out or close. */
  set(state) {
    const user = this.#peer.user();
    if (!user.is) throw new Error("presence.set: nobody is signed in (call peer.user().auth first)");
    if (state === null || typeof state !== "object" || Array.isArray(state)) throw new TypeError("presence.set: the state must be a plain object");
    const previous = this.#own;
    this.#own = { slot: user.slot, pub: user.is.pub, text: JSON.stringify(state) };
    try {
      this.#announce();
    } catch (error) {
      this.#own = previous;
      throw error;
    }
    this.refresh();
    this.#schedule();
  }
  /** Announces leaving (others see this user go at once); the store stays followed. */
  clear() {
    if (!this.#own) return;
    this.#sync()?.announcePresence(this.#own.slot, "null");
    this.#own = null;
    this.refresh();
  }
  // Before the user's keys are wiped (sign-out, close): leave while we still can sign.
  _beforeSignOut(slot) {
    if (this.#own?.slot === slot) this.clear();
  }
  // The network side exists now (it starts after storage has loaded).
  _syncStarted() {
    if (this.#following) this.#sync()?.followPresence();
  }
  // A relay (re)opened: it hears our state at once, not at the next heartbeat.
  _relayOpened() {
    if (this.#own) this.#announce();
  }
  #announce() {
    this.#sync()?.announcePresence(this.#own.slot, this.#own.text);
  }
  // Heartbeat and expiry, while there is anything to do.
  #schedule() {
    const period = Math.min(this.#sync()?.presenceTimeout ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS * 10) / 3;
    if (this.#timer && period < this.#period) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#timer || !this.#own && !this.#following) return;
    this.#period = period;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#own) this.#announce();
      if (this.#sync()?.expirePresence()) this.refresh();
      this.#schedule();
    }, period);
  }
  /** Reads who is present again and tells subscribers when it changed. */
  refresh() {
    this.#schedule();
    const entries = this.#sync()?.presence() ?? [];
    if (this.#own) entries.push([this.#own.pub, this.#own.text]);
    entries.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    const shown = JSON.stringify(entries);
    if (shown === this.#shown) return;
    this.#shown = shown;
    const value = /* @__PURE__ */ Object.create(null);
    for (const [pub, text] of entries) value[pub] = JSON.parse(text);
    this.#value.set(value);
  }
  /** A closed peer knows nobody. */
  close() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#own = null;
    this.#following = false;
    this.#shown = "[]";
    this.#value.set(/* @__PURE__ */ Object.create(null));
  }
};

// js/peer/status.js
var NOTIFY_MS = 100;
var PeerStatus = class {
  #read;
  // () → the current status, unthrottled
  #unreachableAfterMs;
  #value;
  #timer = null;
  // the next notification
  #unreachableTimer = null;
  // the moment offline turns into unreachable
  #closed = false;
  #lastShown = 0;
  #shown = "";
  constructor(read, unreachableAfterMs) {
    this.#read = read;
    this.#unreachableAfterMs = unreachableAfterMs;
    this.#value = createReadable(this.#current(), () => this.#show());
  }
  subscribe(run, invalidate) {
    return this.#value.subscribe(run, invalidate);
  }
  #current() {
    const status = this.#read();
    const offlineFor = status.offlineSince === null ? 0 : Date.now() - status.offlineSince;
    return { ...status, connected: status.offlineSince === null && status.relays.length > 0, unreachable: status.relays.length > 0 && status.offlineSince !== null && offlineFor >= this.#unreachableAfterMs };
  }
  /** Something changed: shown now, or at the end of the current NOTIFY_MS. */
  changed() {
    if (this.#timer) return;
    const wait = this.#lastShown + NOTIFY_MS - Date.now();
    if (wait <= 0) this.#show();
    else this.#timer = setTimeout(() => this.#show(), wait);
  }
  #show() {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed) return;
    this.#lastShown = Date.now();
    const status = this.#current();
    const text = JSON.stringify(status);
    if (text !== this.#shown) {
      this.#shown = text;
      this.#value.set(status);
    }
    clearTimeout(this.#unreachableTimer);
    if (status.offlineSince !== null && !status.unreachable && status.relays.length) {
      this.#unreachableTimer = setTimeout(() => this.#show(), status.offlineSince + this.#unreachableAfterMs - Date.now());
    }
  }
  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#unreachableTimer);
  }
};

// js/peer/peer.js
var READ_DEPTH = 32;
var DUE_POLL_MS = 250;
var UNREACHABLE_AFTER_MS = 1e4;
function checkWebRtcOption(webrtc) {
  if (webrtc === void 0 || typeof webrtc === "boolean") return;
  if (webrtc === null || typeof webrtc !== "object" || typeof webrtc.RTCPeerConnection !== "function") {
    throw new TypeError("createPeer: webrtc must be true, false, or {RTCPeerConnection, iceServers?}");
  }
  if (webrtc.iceServers !== void 0 && !Array.isArray(webrtc.iceServers)) throw new TypeError("createPeer: webrtc.iceServers must be an array");
}
async function resolveWebRtc(webrtc) {
  if (webrtc === false) return null;
  if (typeof webrtc === "object") return { RTCPeerConnection: webrtc.RTCPeerConnection, iceServers: webrtc.iceServers ?? [] };
  if (globalThis.RTCPeerConnection) return { RTCPeerConnection: globalThis.RTCPeerConnection, iceServers: [] };
  if (webrtc !== true) return null;
  try {
    return { RTCPeerConnection: await nodeOnly.loadRTCPeerConnection(), iceServers: [] };
  } catch {
    throw new Error("createPeer: webrtc: true needs RTCPeerConnection \u2014 a browser, or `npm install node-datachannel` in Node");
  }
}
function createPeer(options = {}) {
  return new Peer(options);
}
var Peer = class _Peer {
  #handle;
  #storage = null;
  #closed = false;
  #listeners = /* @__PURE__ */ new Set();
  #links = /* @__PURE__ */ new Set();
  #dueTimer = null;
  #user = null;
  #sync = null;
  // null: this peer does not sync over the network
  #tabLink = null;
  // other tabs on the same storage, where there are any
  #presence = null;
  #status = null;
  #unreachableAfterMs;
  #lastError = null;
  // {message, at}
  constructor({ storage, name = "default", passwordCost = "interactive", peers, webrtc, crossTab = true, unreachableAfterMs = UNREACHABLE_AFTER_MS, ...rest } = {}) {
    const unknown = Object.keys(rest);
    if (unknown.length) throw new TypeError(`createPeer: unknown option ${unknown.map((k) => JSON.stringify(k)).join(", ")}`);
    if (!["interactive", "test"].includes(passwordCost)) throw new TypeError('createPeer: passwordCost must be "interactive" or "test"');
    if (peers !== void 0 && !Array.isArray(peers)) throw new TypeError("createPeer: peers must be an array of WebSocket URLs");
    peers?.forEach(checkPeerUrl);
    checkWebRtcOption(webrtc);
    if (typeof crossTab !== "boolean") throw new TypeError("createPeer: crossTab must be true or false");
    if (typeof unreachableAfterMs !== "number" || !(unreachableAfterMs >= 0)) throw new TypeError("createPeer: unreachableAfterMs must be a number of milliseconds >= 0");
    this.#unreachableAfterMs = unreachableAfterMs;
    this.passwordCost = passwordCost;
    this.sessionName = name;
    this.refused = [];
    this.#handle = core.peerCreate();
    this.ready = this.#open(storage, name, peers, webrtc, crossTab);
    this.ready.catch(() => {
    });
  }
  async #open(storage, name, peers, webrtc, crossTab) {
    const spec = storage ?? defaultStorageSpec();
    const tabLink = crossTab && sharesStorageAcrossTabs(spec) ? openTabLink(`mutual-store/${spec}/${name}`, (text) => this.#receiveFrom(text, tabLink)) : null;
    this.#tabLink = tabLink;
    this.#storage = await openStorage(storage, name);
    const badEntries = [];
    const pending2 = [];
    const partial = partialGraphOfEntries(
      await this.#storage.load(),
      (key) => badEntries.push(key),
      (...mark) => pending2.push(mark)
    );
    this.#afterChange(JSON.parse(checked(core.peerLoad(this.#handle, JSON.stringify(partial), Date.now()))));
    if (badEntries.length) this.#refuse(new Error(`storage: ${badEntries.length} unreadable entries were skipped`));
    if (tabLink) this.#links.add(tabLink);
    if (peers && !this.#closed) {
      const direct = await resolveWebRtc(webrtc);
      this.#sync = new PeerSync(this.#handle, {
        incoming: (outcome) => this.#commit(outcome).catch((error) => this.#refuse(error)),
        acknowledged: (fields) => this.#storage.write(fields.map(([soul, field]) => [pendingKey(soul, field), null])).catch((error) => this.#refuse(error)),
        error: (error) => this.#refuse(error),
        presence: () => this.#presence?.refresh(),
        relayOpened: () => this.#presence?._relayOpened(),
        traffic: () => this.#status?.changed()
      }, direct);
      for (const [soul, field, state] of pending2) this.#sync.restorePending(soul, field, state);
      this.#presence?._syncStarted();
      for (const url of peers) this.#sync.connect(url);
      this.#status?.changed();
    }
  }
  #check() {
    if (this.#closed) throw new Error("this peer is closed");
  }
  /** A chain at the top-level key (a soul). */
  get(key) {
    return new Chain(this, isUsableKey(key) ? key : null);
  }
  /** This peer's user (create, auth, leave, …). */
  user() {
    this.#user ??= new User(this);
    return this.#user;
  }
  // ---- used by Chain and User ----
  async _put(soul, value, signerSlot = this.#user?.slot ?? 0) {
    await this.ready;
    this.#check();
    const outcome = JSON.parse(checked(core.peerPut(this.#handle, soul, JSON.stringify(value), Date.now(), signerSlot)));
    await this.#commitLocal(outcome);
  }
  async _registerAlias(alias, slot, remove = false) {
    await this.ready;
    this.#check();
    await this.#commitLocal(JSON.parse(checked(core.peerRegisterAlias(this.#handle, alias, Date.now(), slot, remove))));
  }
  /**
   * Before reading `soul` deep: asks the network for it and for every node
   * it links to, until nothing new turns up (immediate when offline).
   */
  async _fetch(soul, field) {
    await this.ready;
    if (!this.#sync) return;
    await this.#sync.settled();
    if (!this.#sync.connected) return;
    const asked = /* @__PURE__ */ new Set();
    let next = [soul];
    for (let round = 0; next.length && round < READ_DEPTH; round++) {
      next.forEach((s) => asked.add(s));
      await Promise.all(next.map((s) => this.#sync.fetch(s)));
      const { souls } = this._read(soul, field);
      next = souls.filter((s) => !asked.has(s));
    }
  }
  // A node (field undefined) or one field, nested objects read deep: {value, souls read}.
  _read(soul, field) {
    return JSON.parse(checked(core.peerRead(this.#handle, soul, field ?? "", field === void 0, READ_DEPTH)));
  }
  _lex(soul, lex) {
    const node = JSON.parse(checked(core.peerLex(this.#handle, soul, JSON.stringify(lex))));
    if (node === null) return null;
    const fields = Object.keys(node).filter((field) => field !== META_KEY && node[field] !== null);
    return Object.fromEntries(fields.map((field) => [field, this._read(soul, field).value]));
  }
  _listen(soul, field, callback, getNow) {
    const listener = { soul, field, callback, souls: null, last: void 0 };
    this.#listeners.add(listener);
    this.ready.then(() => {
      if (!this.#listeners.has(listener)) return;
      const { value, souls } = this._read(soul, field);
      listener.souls = /* @__PURE__ */ new Set([soul, ...souls]);
      this.#follow(listener.souls);
      listener.last = JSON.stringify(value);
      if (getNow) callback(value, field);
    }, () => {
    });
    return () => this.#listeners.delete(listener);
  }
  _unlisten(soul, field, callback) {
    for (const listener of this.#listeners) {
      if (listener.soul === soul && listener.field === field && (!callback || listener.callback === callback)) this.#listeners.delete(listener);
    }
  }
  // ---- changes ----
  #follow(souls) {
    if (this.#sync) for (const soul of souls) this.#sync.follow(soul);
  }
  // A local write: stored with its pending mark in one batch (when this peer
  // syncs), then published. Resolves when durable here.
  async #commitLocal(outcome) {
    this.#afterChange(outcome);
    const entries = entriesOfPartialGraph(outcome.applied);
    if (!entries.length) return;
    await this.#storage.write(this.#sync ? [...entries, ...pendingEntries(outcome.applied)] : entries);
    this.#sync?.publish(outcome.applied);
  }
  // What another tab posted: merged like anything from a peer and not posted
  // back. Not stored again: the tab that made the change stores it in the
  // storage both share (a second write could even land after a newer one).
  async #receiveFrom(text, origin) {
    try {
      await this.ready;
      if (this.#closed) return;
      this.#afterChange(JSON.parse(checked(core.peerReceive(this.#handle, text, Date.now()))), origin);
    } catch (error) {
      if (!this.#closed) this.#refuse(error);
    }
  }
  // Stores what changed, then tells listeners and linked peers. Resolves when durable.
  async #commit(outcome) {
    this.#afterChange(outcome);
    const entries = entriesOfPartialGraph(outcome.applied);
    if (entries.length) await this.#storage.write(entries);
  }
  #afterChange({ applied, changed, waiting }, origin = null) {
    if (changed.length) {
      const touched = new Set(changed);
      for (const listener of [...this.#listeners]) {
        if (listener.souls && ![...listener.souls].some((soul) => touched.has(soul))) continue;
        const { value, souls } = this._read(listener.soul, listener.field);
        listener.souls = /* @__PURE__ */ new Set([listener.soul, ...souls]);
        this.#follow(listener.souls);
        const text = JSON.stringify(value);
        if (text === listener.last) continue;
        listener.last = text;
        try {
          listener.callback(value, listener.field);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      for (const link of this.#links) if (link !== origin) link.send(applied);
    }
    this.#watchDeferred(waiting);
  }
  // Writes from the future wait in the core; look again until none are left.
  #watchDeferred(waiting) {
    if (waiting > 0 && !this.#dueTimer && !this.#closed) {
      this.#dueTimer = setTimeout(() => {
        this.#dueTimer = null;
        const outcome = JSON.parse(checked(core.peerApplyDue(this.#handle, Date.now())));
        this.#commit(outcome).catch((error) => this.#refuse(error));
        this.#watchDeferred(outcome.waiting);
      }, DUE_POLL_MS);
    }
  }
  #refuse(error) {
    this.refused.push(error);
    if (this.refused.length > 100) this.refused.shift();
    this.#lastError = { message: error.message, at: Date.now() };
    this.#status?.changed();
  }
  /** A partial graph from another peer: checked in the core, then merged and stored. */
  async receive(partialGraph) {
    await this.ready;
    this.#check();
    const text = typeof partialGraph === "string" ? partialGraph : JSON.stringify(partialGraph);
    await this.#commit(JSON.parse(checked(core.peerReceive(this.#handle, text, Date.now()))));
  }
  /** Keeps this peer in sync with the relay at `url` (needs the `peers` option, [] is fine); returns disconnect(). */
  connect(url) {
    this.#check();
    if (!this.#sync) throw new Error("connect: this peer was created without the peers option (use createPeer({peers: []}) to connect later)");
    return this.#sync.connect(url);
  }
  /** How many direct WebRTC channels to other peers are open now. */
  get directChannels() {
    return this.#sync?.directChannels ?? 0;
  }
  /** Whether a connection to a relay is open now. */
  get connected() {
    return this.#sync?.connected ?? false;
  }
  /** Local writes no relay has acknowledged yet (kept across restarts). */
  get pendingWrites() {
    return this.#sync?.pending ?? 0;
  }
  /**
   * Who is online now, by public key (a Svelte store of pub → state), and
   * `set(state)` / `clear()` for the signed-in user's own state.
   */
  get presence() {
    this.#presence ??= new Presence(this, () => this.#sync);
    return this.#presence;
  }
  /**
   * A Svelte store of the network side: {relays: [{url, open}], offlineSince,
   * unreachable, pendingWrites, directChannels, bytesIn, bytesOut, lastError}.
   */
  get status() {
    this.#status ??= new PeerStatus(() => this.#statusNow(), this.#unreachableAfterMs);
    return this.#status;
  }
  #statusNow() {
    const network = this.#sync?.status() ?? { relays: [], offlineSince: null, directChannels: 0, pendingWrites: 0, bytesIn: 0, bytesOut: 0 };
    return { ...network, lastError: this.#lastError };
  }
  // The user in keyring `slot` is about to sign out: whatever it announced, it leaves.
  _beforeSignOut(slot) {
    this.#presence?._beforeSignOut(slot);
  }
  /**
   * Resolves once every local write so far is durably held by a relay. With
   * {timeout} (ms), rejects if that has not happened by then, saying why.
   */
  async synced({ timeout } = {}) {
    if (timeout !== void 0 && (typeof timeout !== "number" || !(timeout >= 0))) throw new TypeError("synced: timeout must be a number of milliseconds >= 0");
    await this.ready;
    if (!this.#sync) return;
    const done = this.#sync.synced();
    if (timeout === void 0) return done;
    let timer;
    const late = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(this.#notSyncedError(timeout)), timeout);
    });
    try {
      await Promise.race([done, late]);
    } finally {
      clearTimeout(timer);
    }
  }
  #notSyncedError(timeout) {
    const { relays, offlineSince, pendingWrites } = this.#sync.status();
    const open = relays.filter((relay) => relay.open).map((relay) => relay.url);
    const why = open.length ? `connected to ${open.join(", ")}, which has not acknowledged them yet` : relays.length ? `no relay has been reachable since ${new Date(offlineSince).toISOString()} (${relays.map((relay) => relay.url).join(", ")}): check the address and that the relay runs; the writes are kept and sent when one is back` : "this peer has no relay to sync with: connect(url) one";
    return Object.assign(new Error(`synced: ${pendingWrites} local writes not held by a relay after ${timeout} ms; ${why}`), { code: "ETIMEDOUT" });
  }
  /**
   * Joins this peer and `other` in one process (for tests and workers): both
   * exchange everything they hold, then every change. Returns unlink().
   */
  link(other) {
    if (!(other instanceof _Peer)) throw new TypeError("link: expects another peer from createPeer");
    const deliver = (to) => (partial) => queueMicrotask(() => to.receive(partial).catch((error) => to.#refuse(error)));
    const toOther = { send: deliver(other) };
    const toThis = { send: deliver(this) };
    this.#links.add(toOther);
    other.#links.add(toThis);
    Promise.all([this.ready, other.ready]).then(() => {
      toOther.send(JSON.parse(checked(core.peerEverything(this.#handle))));
      toThis.send(JSON.parse(checked(core.peerEverything(other.#handle))));
    }, () => {
    });
    return () => {
      this.#links.delete(toOther);
      other.#links.delete(toThis);
    };
  }
  /** Stops timers and listeners, closes storage; the peer cannot be used afterwards. */
  async close() {
    if (this.#closed) return;
    await this.ready.catch(() => {
    });
    this.#closed = true;
    clearTimeout(this.#dueTimer);
    this.#listeners.clear();
    this.#links.clear();
    this.#tabLink?.close();
    this.#user?.signOutForClose();
    this.#presence?.close();
    this.#status?.close();
    this.#sync?.close();
    await this.#storage?.close();
    core.peerDestroy(this.#handle);
  }
};

// js/store/document-fields.js
var UPDATED_AT = "_updatedAt";
function canonicalJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).filter((key) => value[key] !== void 0).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
}
function digestOf(text) {
  let h1 = 3735928559;
  let h2 = 1103547991;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ h1 >>> 16, 2246822507) ^ Math.imul(h2 ^ h2 >>> 13, 3266489909);
  h2 = Math.imul(h2 ^ h2 >>> 16, 2246822507) ^ Math.imul(h1 ^ h1 >>> 13, 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
function deltaFields(before, after, updatedAt) {
  const fields = { [UPDATED_AT]: updatedAt };
  for (const key of Object.keys(after)) {
    if (after[key] === void 0) continue;
    const text = JSON.stringify(after[key]);
    if (!before || JSON.stringify(ownValue(before, key)) !== text) setOwn(fields, key, text);
  }
  if (before) {
    for (const key of Object.keys(before)) if (ownValue(after, key) === void 0) setOwn(fields, key, null);
  }
  return fields;
}
function documentOfNode(node) {
  if (node === null || node === void 0) return null;
  if (typeof node !== "object") throw new TypeError("stored document: not a node");
  const updatedAt = node[UPDATED_AT];
  if (typeof updatedAt !== "number" || !Number.isFinite(updatedAt)) throw new TypeError("stored document: _updatedAt is missing or not a number");
  const data = {};
  for (const [key, text] of Object.entries(node)) {
    if (key === UPDATED_AT || text === null) continue;
    if (typeof text !== "string") throw new TypeError(`stored document: field ${JSON.stringify(key)} is not JSON text`);
    setOwn(data, key, JSON.parse(text));
  }
  return { data, updatedAt };
}

// js/store/default-peer.js
var defaultPeer = null;
function configure(options = {}) {
  if (defaultPeer) throw new Error("configure: the default peer already exists; call configure before creating stores");
  defaultPeer = createPeer(options);
  return defaultPeer;
}
function getDefaultPeer() {
  defaultPeer ??= createPeer();
  return defaultPeer;
}

// js/store/holster-store.js
var ACCEPT = 0;
var QUEUED = 3;
var MAX_ERRORS = 50;
function localStorageOrNull() {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
function createHolsterStore(options = {}) {
  const {
    holsterPath,
    schema,
    cacheable = false,
    persistDebounce = 100,
    isEqual = null,
    // svelte's rule by default: every object set is a change
    peer: givenPeer,
    retryBaseMs = 250,
    retryMaxMs = 3e4
  } = options;
  if (!isUsableKey(holsterPath)) throw new TypeError("createHolsterStore: holsterPath must be a non-empty string");
  if (!schema || typeof schema.safeParse !== "function") throw new TypeError("createHolsterStore: schema must be one of `schemas`, from defineSchema, or a Zod v4 schema");
  if (isEqual !== null && typeof isEqual !== "function") throw new TypeError("createHolsterStore: isEqual must be a function");
  const checker = "_zod" in schema ? defineSchema(schema, holsterPath) : schema;
  const peer = givenPeer ?? getDefaultPeer();
  const newSync = () => checked(core.docSyncCreate(persistDebounce, retryBaseMs, retryMaxMs));
  let sync = newSync();
  const cacheKey = `holster_${holsterPath}_cache`;
  const timestampKey = `holster_${holsterPath}_timestamp`;
  const errors = createReadable([]);
  const queued = /* @__PURE__ */ new Map();
  let persisted = null;
  let timer = null;
  let nextToken = 1;
  let stopNetwork = null;
  let stopWatchingUser = null;
  let stopWaitingForUser = null;
  let owner = null;
  let epoch = 0;
  let inFlight = null;
  let cleanedUp = false;
  let idleWaiters = [];
  let initializedByApp = false;
  const value = createReadable(null, () => {
    if (!cleanedUp) start();
    return () => {
      if (!initializedByApp) stopFollowing();
    };
  });
  function report(kind, error) {
    const entry = { kind, message: error instanceof Error ? error.message : String(error), at: Date.now() };
    errors.set([...errors.get(), entry].slice(-MAX_ERRORS));
  }
  function validated(data) {
    const result = checker.safeParse(data);
    if (!result.success) throw result.error;
    if (result.data === null || typeof result.data !== "object" || Array.isArray(result.data)) {
      throw new TypeError(`${holsterPath}: a store holds an object (got ${Array.isArray(result.data) ? "an array" : typeof result.data})`);
    }
    return result.data;
  }
  function show(data) {
    value.set(data, isEqual !== null && isEqual(value.get(), data));
  }
  function writeCache(data, updatedAt) {
    const storage = cacheable ? localStorageOrNull() : null;
    if (!storage) return;
    try {
      storage.setItem(cacheKey, JSON.stringify(data));
      storage.setItem(timestampKey, String(updatedAt));
    } catch (error) {
      report("cache", error);
    }
  }
  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (cleanedUp) return;
    if (!peer.user().is) {
      stopWaitingForUser ??= peer.user()._watch((is) => {
        if (!is) return;
        stopWaitingForUser();
        stopWaitingForUser = null;
        schedule();
      });
      return settleIfIdle();
    }
    const wakeAt = checked(core.docSyncWakeAt(sync));
    if (Number.isNaN(wakeAt)) return settleIfIdle();
    timer = setTimeout(() => {
      timer = null;
      if (checked(core.docSyncDue(sync, Date.now()))) persistNow();
      else schedule();
    }, Math.max(0, wakeAt - Date.now()));
  }
  function settleIfIdle() {
    if (inFlight || checked(core.docSyncDirty(sync))) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
  function persistNow() {
    if (inFlight) return inFlight;
    const user = peer.user();
    const { updatedAt } = JSON.parse(checked(core.docSyncBegin(sync)));
    const data = structuredClone(value.get());
    const started = { epoch, sync };
    inFlight = (async () => {
      let accepted;
      let failure = null;
      try {
        if (!user.is) throw new Error(`${holsterPath}: not authenticated; the document is kept and written once a user signs in`);
        await user.get(holsterPath).put(deltaFields(persisted, data, updatedAt));
        if (started.epoch !== epoch) return letGo(started.sync);
        persisted = data;
        writeCache(data, updatedAt);
        accepted = checked(core.docSyncSucceeded(sync));
      } catch (error) {
        if (started.epoch !== epoch) return letGo(started.sync);
        failure = error;
        report("persistence", error);
        accepted = checked(core.docSyncFailed(sync, Date.now()));
      }
      inFlight = null;
      applyQueued(accepted);
      schedule();
      return failure;
    })();
    return inFlight;
  }
  function letGo(oldSync) {
    core.docSyncDestroy(oldSync);
    return null;
  }
  function applyQueued(token) {
    if (token >= 0 && queued.has(token)) {
      const data = queued.get(token);
      persisted = structuredClone(data);
      show(data);
    }
    queued.clear();
  }
  function fromNetwork(node) {
    let stored;
    try {
      stored = documentOfNode(node);
      if (!stored) return;
      stored.data = validated(stored.data);
    } catch (error) {
      report("validation", error);
      return;
    }
    const token = nextToken++;
    const decision = checked(core.docSyncNetwork(sync, stored.updatedAt, digestOf(canonicalJson(stored.data)), token));
    if (decision === ACCEPT) {
      persisted = structuredClone(stored.data);
      show(stored.data);
      writeCache(stored.data, stored.updatedAt);
      schedule();
    } else if (decision === QUEUED) {
      queued.set(token, stored.data);
    }
  }
  function initialize() {
    if (cleanedUp) throw new Error(`${holsterPath}: this store was cleaned up`);
    initializedByApp = true;
    start();
  }
  function start() {
    if (value.get() === null && cacheable) {
      const storage = localStorageOrNull();
      const text = storage?.getItem(cacheKey);
      if (text) {
        try {
          show(validated(JSON.parse(text)));
        } catch (error) {
          report("cache", error);
        }
      }
    }
    stopWatchingUser ??= peer.user()._watch(follow);
    follow(peer.user().is);
  }
  function follow(is) {
    const pub = is?.pub ?? null;
    if (owner !== null && pub !== owner) letGoOfOwner();
    if (pub === null || stopNetwork) return;
    owner = pub;
    stopNetwork = peer.user().get(holsterPath).on(fromNetwork, { get: true });
    schedule();
  }
  function stopFollowing() {
    stopWatchingUser?.();
    stopWatchingUser = null;
    stopNetwork?.();
    stopNetwork = null;
  }
  function letGoOfOwner() {
    stopNetwork?.();
    stopNetwork = null;
    owner = null;
    epoch += 1;
    clearTimeout(timer);
    timer = null;
    if (!inFlight) core.docSyncDestroy(sync);
    sync = newSync();
    inFlight = null;
    persisted = null;
    queued.clear();
    clearCache();
    value.set(null);
    settleIfIdle();
  }
  function clearCache() {
    const storage = cacheable ? localStorageOrNull() : null;
    storage?.removeItem(cacheKey);
    storage?.removeItem(timestampKey);
  }
  function set(data) {
    if (cleanedUp) throw new Error(`${holsterPath}: this store was cleaned up`);
    const accepted = validated(data);
    checked(core.docSyncLocalChange(sync, Date.now(), digestOf(canonicalJson(accepted))));
    show(accepted);
    if (!peer.user().is) report("not-signed-in", `${holsterPath}: nobody is signed in; the value is shown and kept, and written once a user signs in (peer.user().auth)`);
    schedule();
  }
  return {
    subscribe: value.subscribe,
    set,
    update(fn) {
      set(fn(value.get()));
    },
    initialize,
    /** Follows another user's document; invalid data is reported, never delivered. */
    subscribeToUser(pub, callback) {
      if (typeof pub !== "string" || pub === "") throw new TypeError("subscribeToUser: pub must be a non-empty string");
      if (typeof callback !== "function") throw new TypeError("subscribeToUser: callback must be a function");
      return peer.user().get([pub, holsterPath]).on((node) => {
        try {
          const stored = documentOfNode(node);
          if (stored) callback(validated(stored.data), stored.updatedAt);
        } catch (error) {
          report("validation", error);
        }
      }, { get: true });
    },
    /**
     * Writes now instead of after the debounce; resolves once the value
     * current at the call is durable, rejects when that write fails (it is
     * retried in the background).
     */
    async persist() {
      while (inFlight) await inFlight;
      if (cleanedUp || !checked(core.docSyncDirty(sync))) return;
      clearTimeout(timer);
      const failure = await persistNow();
      if (failure) throw failure;
    },
    isPersisting: () => inFlight !== null,
    /** Resolves when nothing is waiting to be written (failed writes keep retrying). */
    waitForPersistence() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIfIdle();
      });
    },
    /** Writes what is pending (waiting for its debounce or in flight), stops following, clears the cache and the value. */
    async cleanup() {
      await inFlight;
      if (checked(core.docSyncDirty(sync))) {
        clearTimeout(timer);
        await persistNow();
      }
      cleanedUp = true;
      clearTimeout(timer);
      stopWaitingForUser?.();
      stopFollowing();
      clearCache();
      core.docSyncDestroy(sync);
      value.set(null);
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    },
    /** Problems with validation, persistence and the cache, newest last (at most 50). */
    errors: { subscribe: errors.subscribe }
  };
}
export {
  CONVERGENCE_EPSILON,
  DENOMINATOR_FLOOR,
  ROUND_ADVANCEMENT_THRESHOLD,
  ROUND_GOSSIP_INTERVAL_MS,
  STALE_THRESHOLD_MS,
  SchemaError,
  centralAllocation,
  compareVectorClocks,
  computeAllMutualRecognition,
  computeDampingFactor,
  computeMutualRecognition,
  computeTwoTierAllocation,
  configure,
  createHolsterStore,
  createPeer,
  createHolsterStore as createStore,
  defineSchema,
  generateNetwork,
  getCausallyConsistentCommitments,
  incrementVectorClock,
  mergeVectorClocks,
  passesFilter,
  ready,
  schemaRegistry,
  schemas,
  shouldAdvanceRound,
  simulate,
  updateCommitmentDamping,
  withTimestamp
};
