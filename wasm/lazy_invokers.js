// Linked with --js-library: each bound function's JS invoker is made on its
// first call instead of at start-up.
//
// embind writes one invoker per bound function (~125) as JavaScript source
// and compiles it with `new Function`; that was most of the module's
// start-up after instantiation (B8). Until a function is first called, its
// name on the module holds a stand-in that makes the invoker, puts it in
// its own place and runs it; from then on calls reach the invoker directly,
// as before. Only free functions are bound (wasm/*_bindings.cpp: no classes).
mergeInto(LibraryManager.library, {
  _embind_register_function: function (name, argCount, rawArgTypesAddr, signature, rawInvoker, fn) {
    var argTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
    name = readLatin1String(name);
    rawInvoker = embind__requireFunction(signature, rawInvoker);
    var arity = argCount - 1;
    exposePublicSymbol(name, function () {
      throwUnboundTypeError('Cannot call ' + name + ' due to unbound types', argTypes);
    }, arity);
    whenDependentTypesAreResolved([], argTypes, function (resolved) {
      // Return type, no `this`, then the parameters: what the invoker expects.
      var invokerTypes = [resolved[0], null].concat(resolved.slice(1));
      // Made once: a caller that kept the stand-in itself (a function passed
      // as a callback before its first call) keeps reaching the same invoker.
      var invoker = null;
      replacePublicSymbol(name, function () {
        if (invoker === null) {
          invoker = craftInvokerFunction(name, invokerTypes, null, rawInvoker, fn);
          replacePublicSymbol(name, invoker, arity);
        }
        return invoker.apply(this, arguments);
      }, arity);
      return [];
    });
  },
});
