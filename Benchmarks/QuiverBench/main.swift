print("quiver-bench")
